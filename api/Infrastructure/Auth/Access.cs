using Dapper;
using MySqlConnector;

namespace MaShangYi.Api.Infrastructure.Auth;

/// <summary>
/// Server-side scope checks: a grant on a region covers its whole subtree, found by the region path prefix.
/// Grants are read from the database on each check so a revoked grant stops working at once.
/// </summary>
public sealed class Access(MySqlDataSource db)
{
    private const string GrantCoversRegion = """
        SELECT EXISTS (
            SELECT 1
            FROM role_grants g
            JOIN regions gr ON gr.id = g.region_id
            JOIN regions r ON r.id = @regionId
            WHERE g.user_id = @userId AND g.role IN @roles
              AND r.path LIKE CONCAT(gr.path, '%'))
        """;

    public async Task<bool> HasRoleOverRegionAsync(long userId, long regionId, CancellationToken ct, params string[] roles)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(
            new CommandDefinition(GrantCoversRegion, new { userId, regionId, roles }, cancellationToken: ct));
    }

    public Task<bool> IsRegionAdminAsync(long userId, long regionId, CancellationToken ct) =>
        HasRoleOverRegionAsync(userId, regionId, ct, Roles.RegionAdmin);

    /// <summary>The paths of the regions where the user holds <paramref name="role"/>; used to check many regions at once.</summary>
    public async Task<IReadOnlyList<string>> ScopePathsAsync(long userId, string role, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var paths = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT r.path FROM role_grants g JOIN regions r ON r.id = g.region_id WHERE g.user_id = @userId AND g.role = @role",
            new { userId, role },
            cancellationToken: ct));
        return paths.AsList();
    }

    public static bool Covers(IEnumerable<string> scopePaths, string regionPath) =>
        scopePaths.Any(scope => regionPath.StartsWith(scope, StringComparison.Ordinal));
}
