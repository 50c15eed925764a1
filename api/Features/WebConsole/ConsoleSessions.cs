using Dapper;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace MaShangYi.Api.Features.WebConsole;

public sealed record ConsoleUser(long Id, string? Name);

/// <summary>A started console session: the cookie's value (never stored) and the CSRF token the page sends back.</summary>
public sealed record StartedSession(string Token, string CsrfToken, ConsoleUser User);

/// <summary>
/// Starts and ends console sessions (<see cref="ConsoleSession"/> reads them). Each row is also the record of one console
/// login: who, when, from which address and browser.
/// </summary>
public sealed class ConsoleSessions(IOptions<ConsoleOptions> options)
{
    private readonly ConsoleOptions _options = options.Value;

    /// <summary>Starts a session for <paramref name="userId"/> in the caller's transaction (the ticket it came from is used up in the same one).</summary>
    public async Task<StartedSession> StartAsync(
        MySqlConnection connection, MySqlTransaction tx, long userId, string via, HttpContext http, DateTime now, CancellationToken ct)
    {
        var token = TokenService.CreateRefreshToken();
        var csrf = TokenService.CreateRefreshToken();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO console_sessions (token_hash, csrf_token, user_id, via, address, browser, created_at, last_seen_at, expires_at)
            VALUES (@hash, @csrf, @userId, @via, @address, @browser, @now, @now, @expires)
            """,
            new
            {
                hash = TokenService.Hash(token), csrf, userId, via,
                address = http.Connection.RemoteIpAddress?.ToString(),
                browser = BrowserNames.Describe(http.Request.Headers.UserAgent),
                now, expires = now.AddHours(_options.SessionHours),
            },
            tx, cancellationToken: ct));
        var name = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT display_name FROM users WHERE id = @userId", new { userId }, tx, cancellationToken: ct));
        return new StartedSession(token, csrf, new ConsoleUser(userId, name));
    }

    /// <summary>Gives the browser its session cookie: no Expires, so it also ends with the browser; the server ends it sooner.</summary>
    public static void WriteCookie(HttpContext http, StartedSession session) =>
        http.Response.Cookies.Append(ConsoleSession.CookieName, session.Token, ConsoleSession.CookieOptions(http));

    /// <summary>Ends the session of the request's cookie (if any) on the server and clears the cookie.</summary>
    public static async Task EndAsync(HttpContext http, MySqlDataSource db, DateTime now, CancellationToken ct)
    {
        if (http.Request.Cookies.TryGetValue(ConsoleSession.CookieName, out var token) && token.Length is > 0 and <= 128)
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE console_sessions SET ended_at = @now WHERE token_hash = @hash AND ended_at IS NULL",
                new { now, hash = TokenService.Hash(token) }, cancellationToken: ct));
        }

        http.Response.Cookies.Delete(ConsoleSession.CookieName, ConsoleSession.CookieOptions(http));
    }
}
