using System.Data;
using Dapper;

namespace MaShangYi.Api.Features.Regions;

/// <summary>Region reads that several features share (landing, rooms, code images).</summary>
public static class RegionQueries
{
    public sealed record RegionRow(long Id, string Code, long? ParentId, int Level, string Name, string Path);

    /// <summary>A region's row as <see cref="RegionRow"/>; a WHERE follows.</summary>
    public const string SelectRow = "SELECT id, code, parent_id AS ParentId, level, name, path FROM regions";

    public static Task<RegionRow?> FindAsync(IDbConnection connection, long id, CancellationToken ct, IDbTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<RegionRow>(new CommandDefinition($"{SelectRow} WHERE id = @id", new { id }, tx, cancellationToken: ct));

    /// <summary>A region r's parent p1, grandparent p2 and great-grandparent p3 (null above a city): four levels at most.</summary>
    public const string AncestorJoins =
        "LEFT JOIN regions p1 ON p1.id = r.parent_id LEFT JOIN regions p2 ON p2.id = p1.parent_id LEFT JOIN regions p3 ON p3.id = p2.parent_id";

    /// <summary>
    /// The regions of a chain — r and its ancestors p1–p3 as <see cref="AncestorJoins"/> joins them — city first, as
    /// <see cref="RegionRef"/>: keyed by the row <paramref name="where"/> picks, so it goes in the same round trip as that
    /// row (a recursive query built a temporary table for four rows).
    /// </summary>
    public static string ChainPathSql(string fromWithChain, string where) =>
        $"SELECT g.id, g.code, g.name, g.level FROM {fromWithChain} JOIN regions g ON g.id IN (r.id, p1.id, p2.id, p3.id) WHERE {where} ORDER BY g.level";

    /// <summary>The region <paramref name="where"/> picks (from regions r) and its ancestors, city first, as <see cref="RegionRef"/>.</summary>
    public static string PathSql(string where) => ChainPathSql($"regions r {AncestorJoins}", where);
}
