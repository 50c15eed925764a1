using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Dapper;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.Time;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace MaShangYi.Api.Infrastructure.Auth;

/// <summary>
/// The web console's session: an opaque random value in an HttpOnly, SameSite=Strict cookie, looked up by its hash on
/// each request and ended by an idle time, an absolute time or a logout (all on the server). It yields the same
/// <c>sub</c> claim as a bearer token, so every endpoint sees the same <see cref="Caller"/>. A cookie is sent by the
/// browser on its own, so a request it authenticates that changes state must also carry the session's CSRF token.
/// </summary>
public static class ConsoleSession
{
    public const string Scheme = "ConsoleSession";

    /// <summary>The scheme endpoints authenticate with: the bearer token when one is sent, else the console cookie.</summary>
    public const string BearerOrCookie = "BearerOrConsoleSession";

    public const string CookieName = "msy_console";
    public const string CsrfHeader = "X-CSRF-Token";
    public const string CsrfClaim = "csrf";

    /// <summary>The flags of every cookie the console gets. Secure wherever it could be sent over plain HTTP to a deployment.</summary>
    public static CookieOptions CookieOptions(HttpContext http, string path = "/", TimeSpan? maxAge = null) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps || !http.RequestServices.GetRequiredService<IHostEnvironment>().IsForDevelopmentOrTests(),
        Path = path,
        MaxAge = maxAge,
        IsEssential = true,
    };

    /// <summary>Whether this request was authenticated by the console cookie (not by a bearer token).</summary>
    public static bool IsConsoleSession(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: Scheme };

    /// <summary>Marks an endpoint that acts on no session (a login page's ticket), so it needs no CSRF token even when a session cookie is sent along.</summary>
    public static TBuilder AllowWithoutCsrf<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(NoCsrf.Instance);

    /// <summary>Refuses a state-changing request authenticated by the console cookie without the session's CSRF token (403 csrf_failed).</summary>
    public static IApplicationBuilder UseConsoleCsrf(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var method = context.Request.Method;
        var changes = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        if (changes && context.User.IsConsoleSession() && context.GetEndpoint()?.Metadata.GetMetadata<NoCsrf>() is null && !CsrfMatches(context))
        {
            await ApiProblem.Create(StatusCodes.Status403Forbidden, "csrf_failed", "页面已过期或请求来源不明，请刷新页面后重试。").ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    private static bool CsrfMatches(HttpContext context)
    {
        var expected = context.User.FindFirstValue(CsrfClaim);
        var sent = context.Request.Headers[CsrfHeader].ToString();
        return expected is not null && sent.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expected));
    }

    private sealed class NoCsrf
    {
        public static readonly NoCsrf Instance = new();
    }
}

/// <summary>Finds the console session of the request's cookie and slides its idle time; no cookie, no result.</summary>
internal sealed class ConsoleSessionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    MySqlDataSource db, TimeProvider clock, IOptions<ConsoleOptions> console)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    // Sliding the idle time writes the row; once a minute is exact enough for a 30-minute timeout.
    private static readonly TimeSpan SlideEvery = TimeSpan.FromMinutes(1);

    private sealed record Row(long Id, long UserId, string CsrfToken, DateTime LastSeenAt, DateTime ExpiresAt);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(ConsoleSession.CookieName, out var token) || token.Length is 0 or > 128)
        {
            return AuthenticateResult.NoResult();
        }

        var ct = Context.RequestAborted;
        var now = clock.StoredNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT id, user_id AS UserId, csrf_token AS CsrfToken, last_seen_at AS LastSeenAt, expires_at AS ExpiresAt
            FROM console_sessions WHERE token_hash = @hash AND ended_at IS NULL
            """,
            new { hash = TokenService.Hash(token) }, cancellationToken: ct));
        if (row is null || row.ExpiresAt <= now || row.LastSeenAt.AddMinutes(console.Value.IdleMinutes) <= now)
        {
            return AuthenticateResult.Fail("The console session has ended.");
        }

        if (now - row.LastSeenAt >= SlideEvery)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE console_sessions SET last_seen_at = @now WHERE id = @Id", new { now, row.Id }, cancellationToken: ct));
        }

        var identity = new ClaimsIdentity(
            [new Claim("sub", row.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim(ConsoleSession.CsrfClaim, row.CsrfToken)],
            ConsoleSession.Scheme, "sub", null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ConsoleSession.Scheme));
    }
}
