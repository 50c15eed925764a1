using System.Data;
using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Features.Regions;

namespace MaShangYi.Api.Features.Rooms;

public sealed record RoomView(long Id, long RegionId, string Name, string Address, string? ContactName, string? ContactPhone, bool IsActive, string Scene);

/// <summary>Room reads shared by rooms, landing and code images.</summary>
public static class RoomQueries
{
    public const string Columns = "m.id, m.region_id AS RegionId, m.name, m.address, m.contact_name AS ContactName, m.contact_phone AS ContactPhone, m.is_active AS IsActive, m.scene";

    /// <summary>
    /// A room with its region's path (what role grants are checked against) and its region chain: the region id at each
    /// level 1–4, null above the room's level (a topic's region_l1 … region_l4).
    /// </summary>
    public sealed record RoomWithPath(RoomView Room, string RegionPath, long?[] Chain);

    /// <summary>
    /// A room's region chain, joined from rooms m: its region r and up to three ancestors by parent, each with its level.
    /// Select <see cref="PlaceColumns"/> (read as <see cref="PlaceRow"/>) after <see cref="ChainJoins"/>.
    /// </summary>
    public const string ChainJoins = $"JOIN regions r ON r.id = m.region_id {RegionQueries.AncestorJoins}";

    /// <summary>The room's region at <paramref name="level"/>, from <see cref="ChainJoins"/> (null above the room).</summary>
    public static string Level(int level) =>
        $"CASE {level} WHEN r.level THEN r.id WHEN p1.level THEN p1.id WHEN p2.level THEN p2.id WHEN p3.level THEN p3.id END";

    /// <summary>
    /// The room <paramref name="where"/> picks (from rooms m) and its region and ancestors, city first: two statements
    /// for the start of a batch, read by <see cref="ReadWithPathAsync"/>.
    /// </summary>
    public static string WithPathSql(string where) =>
        $"SELECT {Columns} FROM rooms m WHERE {where}; {RegionQueries.ChainPathSql($"rooms m {ChainJoins}", where)};";

    /// <summary>The room and its path as <see cref="WithPathSql"/> asked for them; null when no room matched.</summary>
    public static async Task<(RoomView Room, IReadOnlyList<RegionRef> Path)?> ReadWithPathAsync(SqlMapper.GridReader read) =>
        await read.ReadSingleOrDefaultAsync<RoomView>() is { } room ? (room, (await read.ReadAsync<RegionRef>()).AsList()) : null;

    public const string PlaceColumns = "r.path, r.id AS Id0, r.level AS Level0, p1.id AS Id1, p1.level AS Level1, p2.id AS Id2, p2.level AS Level2, p3.id AS Id3, p3.level AS Level3";

    /// <summary>A room's region path and the regions of its chain, as read by <see cref="PlaceColumns"/>.</summary>
    public sealed record PlaceRow(string Path, long Id0, int Level0, long? Id1, int? Level1, long? Id2, int? Level2, long? Id3, int? Level3)
    {
        /// <summary>The region id at each level 1–4 (null above the room's level): a topic's region_l1 … region_l4.</summary>
        public long?[] ByLevel()
        {
            var chain = new long?[4];
            foreach (var (id, level) in new[] { ((long?)Id0, (int?)Level0), (Id1, Level1), (Id2, Level2), (Id3, Level3) })
            {
                if (id is not null && level is >= 1 and <= 4)
                {
                    chain[level.Value - 1] = id;
                }
            }

            return chain;
        }
    }

    /// <summary><paramref name="room"/> with its region's path and chain.</summary>
    public static RoomWithPath With(RoomView room, PlaceRow place) => new(room, place.Path, place.ByLevel());

    public static async Task<RoomWithPath?> FindAsync(IDbConnection connection, long id, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<RoomView, PlaceRow, RoomWithPath>(new CommandDefinition(
            $"SELECT {Columns}, {PlaceColumns} FROM rooms m {ChainJoins} WHERE m.id = @id", new { id }, cancellationToken: ct),
            With, splitOn: "path");
        return rows.FirstOrDefault();
    }

    /// <summary>A room (null: none has the id) and its region and ancestors, city first, in one round trip.</summary>
    public static async Task<(RoomView Room, IReadOnlyList<RegionRef> Path)?> WithPathAsync(IDbConnection connection, long id, CancellationToken ct)
    {
        await using var read = await connection.QueryResultsAsync(new CommandDefinition(WithPathSql("m.id = @id"), new { id }, cancellationToken: ct));
        return await ReadWithPathAsync(read);
    }

    public static async Task<RoomWithPath?> FindBySceneAsync(IDbConnection connection, string scene, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<RoomView, PlaceRow, RoomWithPath>(new CommandDefinition(
            $"SELECT {Columns}, {PlaceColumns} FROM rooms m {ChainJoins} WHERE m.scene = @scene", new { scene }, cancellationToken: ct),
            With, splitOn: "path");
        return rows.FirstOrDefault();
    }
}
