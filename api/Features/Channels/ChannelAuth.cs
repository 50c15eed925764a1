using System.Security.Cryptography;
using System.Text;
using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using static MaShangYi.Api.Infrastructure.Validation.TextInput;

namespace MaShangYi.Api.Features.Channels;

/// <summary>A channel authenticated by its credential, for the rest of the request.</summary>
public sealed record ChannelCaller(long Id, long RegionId, string RegionPath, string Name, string Kind);

/// <summary>
/// Channel credentials: 32 random bytes shown once, stored only as their SHA-256 (the credential is random, so a plain
/// hash cannot be reversed and lets the lookup use an index). Sent as <c>Authorization: Bearer</c> or Open311's
/// <c>api_key</c> (query or form), always over HTTPS outside a developer's machine.
/// </summary>
public static class ChannelAuth
{
    public const string Prefix = "msy_";

    private const string ItemKey = "mashangyi.channel";

    private sealed record Row(long Id, long RegionId, string RegionPath, string Name, string Kind, DateTime? RevokedAt);

    public static string NewSecret(string prefix = Prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string credential) => SHA256.HashData(Encoding.UTF8.GetBytes(credential));

    /// <summary>The channel of this request; only on endpoints behind <see cref="RequireChannel{TBuilder}"/>.</summary>
    public static ChannelCaller Channel(this HttpContext http) =>
        http.Items[ItemKey] as ChannelCaller ?? throw new InvalidOperationException("The endpoint is not behind RequireChannel.");

    /// <summary>Refuses the request before the handler (so nothing is written): missing or unknown credential 401, revoked 403.</summary>
    public static TBuilder RequireChannel<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var credential = await CredentialOfAsync(http.Request);
            if (credential is null)
            {
                return Challenge(http, "channel_credential_missing", "缺少渠道凭证：请在 Authorization: Bearer 或 api_key 中提供。");
            }

            // Every request of a channel is authenticated by this read: a read's connection, no reset.
            var reads = http.RequestServices.GetRequiredService<Reads>();
            var row = await reads.RunAsync(connection => connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                """
                SELECT c.id, c.region_id AS RegionId, r.path AS RegionPath, c.name, c.kind, c.revoked_at AS RevokedAt
                FROM channels c JOIN regions r ON r.id = c.region_id WHERE c.credential_hash = @hash
                """,
                new { hash = Hash(credential) }, cancellationToken: http.RequestAborted)), http.RequestAborted);
            if (row is null)
            {
                return Challenge(http, "channel_credential_invalid", "渠道凭证无效。");
            }

            if (row.RevokedAt is not null)
            {
                return ApiProblem.Create(403, "channel_revoked", "该渠道已被停用，请联系市级管理员。");
            }

            http.Items[ItemKey] = new ChannelCaller(row.Id, row.RegionId, row.RegionPath, row.Name, row.Kind);
            return await next(invocation);
        });

    private static async Task<string?> CredentialOfAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Clean(header["Bearer ".Length..]);
        }

        if (Clean(request.Query["api_key"].ToString()) is { } query)
        {
            return query;
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return Clean(form["api_key"].ToString());
        }

        return null;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Challenge(HttpContext http, string code, string message)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"open311\"";
        return ApiProblem.Create(401, code, message);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
