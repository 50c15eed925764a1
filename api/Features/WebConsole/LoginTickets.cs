using System.Security.Cryptography;
using Dapper;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.Time;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace MaShangYi.Api.Features.WebConsole;

/// <summary>
/// Scan-to-login tickets. A login page gets a ticket (its handle), a scene (what its mini program code carries) and a
/// binding secret in an HttpOnly cookie. A staff member scans the code and confirms in the mini program; the page's
/// next poll, with the binding cookie, turns the confirmed ticket into a session — once. Every step is one conditional
/// UPDATE, so two confirms or two polls racing each other change the ticket once between them.
/// </summary>
public sealed class LoginTickets(MySqlDataSource db, TimeProvider clock, ConsoleSessions sessions, IOptions<ConsoleOptions> options)
{
    public const string BindingCookie = "msy_console_ticket";
    public const string CookiePath = "/api/console/login-tickets";

    /// <summary>How long after its confirmation a ticket still turns into a session (the page polls every 1.5 s).</summary>
    public static readonly TimeSpan PickUpWithin = TimeSpan.FromSeconds(60);

    public sealed class Ticket
    {
        public long Id { get; init; }
        public string Handle { get; init; } = "";
        public string Scene { get; init; } = "";
        public byte[] BindingHash { get; init; } = [];
        public string Status { get; init; } = "";
        public string Browser { get; init; } = "";
        public long? UserId { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime ExpiresAt { get; init; }
        public DateTime? ConfirmedAt { get; init; }

        /// <summary>What the page is told: pending, scanned, confirmed, cancelled or expired (a used ticket is expired too).</summary>
        public string VisibleStatus(DateTime now) => Status switch
        {
            "cancelled" => "cancelled",
            "confirmed" => now < ConfirmedAt!.Value.Add(PickUpWithin) ? "confirmed" : "expired",
            "pending" or "scanned" => now < ExpiresAt ? Status : "expired",
            _ => "expired",
        };
    }

    public enum Change
    {
        Done,
        Expired,
        Used,
    }

    private const string Columns = """
        SELECT id, ticket AS Handle, scene, binding_hash AS BindingHash, status, browser, user_id AS UserId,
               created_at AS CreatedAt, expires_at AS ExpiresAt, confirmed_at AS ConfirmedAt
        FROM console_login_tickets
        """;

    public async Task<(Ticket Ticket, string Binding)> CreateAsync(HttpContext http, CancellationToken ct)
    {
        var now = clock.StoredNow();
        var binding = TokenService.CreateRefreshToken();
        var handle = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var scene = SceneCodes.Generate(SceneCodes.LoginPrefix);
        var browser = BrowserNames.Describe(http.Request.Headers.UserAgent);
        await using var connection = await db.OpenConnectionAsync(ct);
        // Tickets are worth nothing after they expire: each new one clears a few old ones away.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM console_login_tickets WHERE expires_at < @old LIMIT 100", new { old = now.AddHours(-1) }, cancellationToken: ct));
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO console_login_tickets (ticket, scene, binding_hash, status, browser, created_at, expires_at)
            VALUES (@handle, @scene, @hash, 'pending', @browser, @now, @expires);
            SELECT LAST_INSERT_ID();
            """,
            new { handle, scene, hash = TokenService.Hash(binding), browser, now, expires = now.AddSeconds(options.Value.LoginTicketSeconds) },
            cancellationToken: ct));
        return (new Ticket
        {
            Id = id, Handle = handle, Scene = scene, Status = "pending", Browser = browser, CreatedAt = now,
            ExpiresAt = now.AddSeconds(options.Value.LoginTicketSeconds),
        }, binding);
    }

    /// <summary>The ticket behind <paramref name="handle"/> if this browser holds its binding cookie; otherwise none, as if there were no such ticket.</summary>
    public async Task<Ticket?> FindBoundAsync(string handle, HttpContext http, CancellationToken ct)
    {
        if (handle.Length > 32 || !http.Request.Cookies.TryGetValue(BindingCookie, out var binding) || binding.Length is 0 or > 128)
        {
            return null;
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        var ticket = await connection.QuerySingleOrDefaultAsync<Ticket>(new CommandDefinition(
            Columns + " WHERE ticket = @handle", new { handle }, cancellationToken: ct));
        return ticket is not null && CryptographicOperations.FixedTimeEquals(ticket.BindingHash, TokenService.Hash(binding)) ? ticket : null;
    }

    public async Task<Ticket?> FindBySceneAsync(string scene, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Ticket>(new CommandDefinition(Columns + " WHERE scene = @scene", new { scene }, cancellationToken: ct));
    }

    /// <summary>The first staff member to scan a ticket holds it: only they may confirm or cancel it.</summary>
    public Task<Change> ScanAsync(Ticket ticket, long userId, CancellationToken ct) =>
        MoveAsync(ticket, "status = 'scanned', user_id = @userId", userId, ct);

    public Task<Change> ConfirmAsync(Ticket ticket, long userId, CancellationToken ct) =>
        MoveAsync(ticket, "status = 'confirmed', user_id = @userId, confirmed_at = @now", userId, ct);

    public Task<Change> CancelAsync(Ticket ticket, long userId, CancellationToken ct) =>
        MoveAsync(ticket, "status = 'cancelled', user_id = @userId", userId, ct);

    private async Task<Change> MoveAsync(Ticket ticket, string set, long userId, CancellationToken ct)
    {
        var now = clock.StoredNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        // The SET clause is one of the three constants above, never input.
        var moved = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE console_login_tickets SET {set}
            WHERE id = @Id AND status IN ('pending', 'scanned') AND (user_id IS NULL OR user_id = @userId) AND expires_at > @now
            """,
            new { ticket.Id, userId, now }, cancellationToken: ct));
        if (moved == 1)
        {
            return Change.Done;
        }

        var current = await connection.QuerySingleAsync<Ticket>(new CommandDefinition(Columns + " WHERE id = @Id", new { ticket.Id }, cancellationToken: ct));
        return current.Status is "pending" or "scanned" && current.ExpiresAt <= now ? Change.Expired : Change.Used;
    }

    /// <summary>Turns a confirmed ticket into a console session, at most once whoever polls at the same time.</summary>
    public async Task<StartedSession?> ConsumeAsync(Ticket ticket, HttpContext http, CancellationToken ct)
    {
        var now = clock.StoredNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var consumed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE console_login_tickets SET status = 'consumed' WHERE id = @Id AND status = 'confirmed' AND confirmed_at > @since",
            new { ticket.Id, since = now.Subtract(PickUpWithin) }, tx, cancellationToken: ct));
        if (consumed == 0)
        {
            return null;
        }

        var session = await sessions.StartAsync(connection, tx, ticket.UserId!.Value, "scan", http, now, ct);
        await tx.CommitAsync(ct);
        return session;
    }

    public static void WriteBindingCookie(HttpContext http, string binding, int seconds) =>
        http.Response.Cookies.Append(BindingCookie, binding, ConsoleSession.CookieOptions(http, CookiePath, TimeSpan.FromSeconds(seconds + 60)));

    public static void ClearBindingCookie(HttpContext http) =>
        http.Response.Cookies.Delete(BindingCookie, ConsoleSession.CookieOptions(http, CookiePath));
}
