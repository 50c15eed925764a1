using Dapper;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.WeChat;
using MySqlConnector;
using static MaShangYi.Api.Features.Auth.AuthEndpoints;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Auth;

public sealed record MeResponse(long Id, string? DisplayName, DateTime CreatedAt, IReadOnlyList<GrantView> Grants);

public sealed record GrantView(long Id, string Role, string RoleName, long RegionId, string RegionCode, string RegionName, int RegionLevel, string? Unit);

/// <summary>Users and their sessions: find-or-create by openid, token issue and refresh-token rotation.</summary>
public sealed class Sessions(MySqlDataSource db, TokenService tokens, TimeProvider clock)
{
    /// <summary>
    /// Finds or creates the user of the openid and opens a session, in one transaction of two round trips. It begins in
    /// read committed (<see cref="ChangeScript.Begin"/>): under repeatable read the lookup of an openid not yet known took
    /// a gap lock on the unique index, and two first logins of different people (a room's residents scanning its code at
    /// a meeting) each waited for the other's gap to insert — a deadlock. Two first logins of one openid meet on the
    /// unique key, which makes the second an update of the first. A deadlock or certification failure left runs it again.
    /// </summary>
    public Task<TokenResponse> StartAsync(WeChatSession session, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            var now = clock.StoredNow();
            await using var connection = await db.OpenConnectionAsync(ct);
            try
            {
                var script = new ChangeScript(connection, null, ct).Add(ChangeScript.Begin);
                var (existing, userId) = await script.QueryAsync(
                    """
                    SELECT id FROM users WHERE openid = @OpenId FOR UPDATE;
                    INSERT INTO users (openid, unionid, created_at, last_login_at) VALUES (@OpenId, @UnionId, @now, @now)
                    ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), last_login_at = VALUES(last_login_at), unionid = COALESCE(VALUES(unionid), unionid);
                    SELECT LAST_INSERT_ID()
                    """,
                    new { session.OpenId, session.UnionId, now }, async read => (await read.ReadSingleOrDefaultAsync<long?>(), await read.ReadSingleAsync<long>()));
                var (sql, args, response) = Issue(userId, existing is null, now);
                await script.Add(sql, args).Add("COMMIT").ExecuteAsync();
                return response;
            }
            catch
            {
                await ChangeScript.RollBackAsync(connection);
                throw;
            }
        }, ct);

    public async Task<TokenResponse?> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        var now = clock.StoredNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, long UserId, DateTime ExpiresAt, DateTime? RevokedAt)>(new CommandDefinition(
            "SELECT id, user_id, expires_at, revoked_at FROM refresh_tokens WHERE token_hash = @hash FOR UPDATE",
            new { hash = TokenService.Hash(refreshToken) }, tx, cancellationToken: ct));
        if (row.Id == 0 || row.ExpiresAt <= now)
        {
            return null;
        }

        if (row.RevokedAt is not null)
        {
            // A rotated token used again means it was copied: end every session of this user.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE refresh_tokens SET revoked_at = @now WHERE user_id = @UserId AND revoked_at IS NULL",
                new { now, row.UserId }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return null;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET revoked_at = @now WHERE id = @Id", new { now, row.Id }, tx, cancellationToken: ct));
        var response = await IssueAsync(connection, tx, row.UserId, false, ct);
        await tx.CommitAsync(ct);
        return response;
    }

    public async Task RevokeAsync(string refreshToken, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET revoked_at = @now WHERE token_hash = @hash AND revoked_at IS NULL",
            new { now = clock.StoredNow(), hash = TokenService.Hash(refreshToken) }, cancellationToken: ct));
    }

    public async Task<MeResponse?> MeAsync(long userId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var user = await connection.QuerySingleOrDefaultAsync<(long Id, string? DisplayName, DateTime CreatedAt)>(new CommandDefinition(
            "SELECT id, display_name, created_at FROM users WHERE id = @userId", new { userId }, cancellationToken: ct));
        if (user.Id == 0)
        {
            return null;
        }

        var grants = await connection.QueryAsync<(long Id, string Role, long RegionId, string Code, string Name, int Level, string? Unit)>(new CommandDefinition(
            """
            SELECT g.id, g.role, r.id, r.code, r.name, r.level, g.unit
            FROM role_grants g JOIN regions r ON r.id = g.region_id
            WHERE g.user_id = @userId ORDER BY r.level, g.role, g.id
            """,
            new { userId }, cancellationToken: ct));
        return new MeResponse(user.Id, user.DisplayName, user.CreatedAt, grants
            .Select(g => new GrantView(g.Id, g.Role, Roles.ChineseNames.GetValueOrDefault(g.Role, g.Role), g.RegionId, g.Code, g.Name, g.Level, g.Unit))
            .ToList());
    }

    private async Task<TokenResponse> IssueAsync(MySqlConnection connection, MySqlTransaction tx, long userId, bool isNew, CancellationToken ct)
    {
        var (sql, args, response) = Issue(userId, isNew, clock.StoredNow());
        await connection.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        return response;
    }

    /// <summary>A new session of the user: its tokens, and the statement that stores the refresh token's hash.</summary>
    private (string Sql, object Args, TokenResponse Response) Issue(long userId, bool isNew, DateTime now)
    {
        var refresh = TokenService.CreateRefreshToken();
        return (
            "INSERT INTO refresh_tokens (user_id, token_hash, expires_at, created_at) VALUES (@userId, @hash, @expires, @now)",
            new { userId, hash = TokenService.Hash(refresh), expires = now.Add(tokens.RefreshTokenLifetime), now },
            new TokenResponse(
                tokens.CreateAccessToken(userId),
                (int)tokens.AccessTokenLifetime.TotalSeconds,
                refresh,
                (int)tokens.RefreshTokenLifetime.TotalSeconds,
                userId,
                isNew));
    }
}
