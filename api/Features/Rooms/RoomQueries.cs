using System.Data;
using Dapper;

namespace MaShangYi.Api.Features.Rooms;

public sealed record RoomView(long Id, long RegionId, string Name, string Address, string? ContactName, string? ContactPhone, bool IsActive, string Scene);

/// <summary>Room reads shared by rooms, landing and code images.</summary>
public static class RoomQueries
{
    public const string Columns = "m.id, m.region_id AS RegionId, m.name, m.address, m.contact_name AS ContactName, m.contact_phone AS ContactPhone, m.is_active AS IsActive, m.scene";

    public sealed record RoomWithPath(RoomView Room, string RegionPath);

    public static async Task<RoomWithPath?> FindAsync(IDbConnection connection, long id, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<RoomView, string, RoomWithPath>(new CommandDefinition(
            $"SELECT {Columns}, r.path FROM rooms m JOIN regions r ON r.id = m.region_id WHERE m.id = @id", new { id }, cancellationToken: ct),
            (room, path) => new RoomWithPath(room, path), splitOn: "path");
        return rows.FirstOrDefault();
    }

    public static async Task<RoomWithPath?> FindBySceneAsync(IDbConnection connection, string scene, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<RoomView, string, RoomWithPath>(new CommandDefinition(
            $"SELECT {Columns}, r.path FROM rooms m JOIN regions r ON r.id = m.region_id WHERE m.scene = @scene", new { scene }, cancellationToken: ct),
            (room, path) => new RoomWithPath(room, path), splitOn: "path");
        return rows.FirstOrDefault();
    }
}
