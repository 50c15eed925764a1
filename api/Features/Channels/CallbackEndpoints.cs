using System.Text.Json.Serialization;
using Dapper;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Channels;

/// <summary>A channel registers where it wants to hear about status changes of its items.</summary>
public static class CallbackEndpoints
{
    public sealed record CallbackRequest([property: JsonPropertyName("callback_url")] string CallbackUrl);

    public sealed record CallbackView([property: JsonPropertyName("callback_url")] string? CallbackUrl);

    public static RouteGroupBuilder MapCallbackEndpoints(this RouteGroupBuilder channel)
    {
        channel.MapPut("/callback.json", Register)
            .WithSummary("Register the URL that receives each status change of this channel's items (signed POST, see README)")
            .WithDescription("https only; http to a loopback address is allowed in Development and Testing.")
            .ProducesProblem(400);
        channel.MapDelete("/callback.json", Remove).WithSummary("Stop status callbacks for this channel");
        return channel;
    }

    private static async Task<Results<Ok<CallbackView>, ValidationProblem>> Register(
        CallbackRequest request, HttpContext http, IHostEnvironment env, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (!IsAllowed(request.CallbackUrl, env))
        {
            return ApiProblem.Validation("callback_url", env.IsProduction() || env.IsStaging()
                ? "callback_url 须为 https 地址（不超过 500 个字符）。"
                : "callback_url 须为 https 地址，或本机回环地址的 http（不超过 500 个字符）。");
        }

        return TypedResults.Ok(await SetAsync(http.Channel().Id, request.CallbackUrl.Trim(), db, clock, ct));
    }

    private static async Task<Ok<CallbackView>> Remove(HttpContext http, MySqlDataSource db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await SetAsync(http.Channel().Id, null, db, clock, ct));

    private static async Task<CallbackView> SetAsync(long id, string? url, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE channels SET callback_url = @url, updated_at = @now WHERE id = @id", new { id, url, now = clock.StoredNow() }, cancellationToken: ct));
        return new CallbackView(url);
    }

    /// <summary>Callbacks carry our topics' status: https only, except http to this machine while developing and testing.</summary>
    public static bool IsAllowed(string? url, IHostEnvironment env) =>
        url is { Length: <= 500 }
        && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && uri.UserInfo.Length == 0
        && (uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && (env.IsDevelopment() || env.IsEnvironment("Testing"))));
}
