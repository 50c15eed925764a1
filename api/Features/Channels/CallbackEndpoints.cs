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
            .WithDescription("https to a public address only: loopback, private, link-local, unique-local, multicast and reserved addresses are refused here and again, after DNS, when a callback connects. Channels__AllowLoopbackCallbacks (development and tests only) allows this machine, over http too.")
            .ProducesProblem(400);
        channel.MapDelete("/callback.json", Remove).WithSummary("Stop status callbacks for this channel");
        return channel;
    }

    private static async Task<Results<Ok<CallbackView>, ValidationProblem>> Register(
        CallbackRequest request, HttpContext http, CallbackTargets targets, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (targets.RefusalOf(request.CallbackUrl) is { } refusal)
        {
            return ApiProblem.Validation("callback_url", refusal);
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
}
