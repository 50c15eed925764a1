using System.Data;
using Dapper;

namespace MaShangYi.Api.Features.Regions;

/// <summary>Region reads that several features share (landing, rooms, code images).</summary>
public static class RegionQueries
{
    public sealed record RegionRow(long Id, string Code, long? ParentId, int Level, string Name, string Path);

    public static Task<RegionRow?> FindAsync(IDbConnection connection, long id, CancellationToken ct, IDbTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<RegionRow>(new CommandDefinition(
            "SELECT id, code, parent_id AS ParentId, level, name, path FROM regions WHERE id = @id", new { id }, tx, cancellationToken: ct));

    /// <summary>The region and its ancestors (as <see cref="RegionRef"/>), city first, given @codes: <see cref="RegionLevels.CodesOf"/> its path.</summary>
    public const string PathSql = "SELECT id, code, name, level FROM regions WHERE code IN @codes ORDER BY level";

    /// <summary>The region and its ancestors, city first, from its materialised path (one indexed lookup).</summary>
    public static async Task<IReadOnlyList<RegionRef>> PathAsync(IDbConnection connection, string path, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<RegionRef>(new CommandDefinition(
            PathSql,
            new { codes = RegionLevels.CodesOf(path) }, cancellationToken: ct));
        return rows.AsList();
    }
}
