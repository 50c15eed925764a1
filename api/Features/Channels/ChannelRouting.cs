using System.Globalization;
using Dapper;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;

namespace MaShangYi.Api.Features.Channels;

/// <summary>
/// Which room a channel's item goes to. A room named by id or scene is that room (and, with a region code too, it must
/// lie in that region). A region code alone means the one active room AT that region (not below it): none, or several,
/// is refused with a clear error rather than guessed. A channel reaches only its own city; anything outside reads as unknown.
/// </summary>
public static class ChannelRouting
{
    private sealed record RegionRow(long Id, string Path);

    public static async Task<(RoomQueries.RoomWithPath? Room, ProblemHttpResult? Problem)> RouteAsync(
        MySqlConnection connection, ChannelCaller channel, Open311Request request, CancellationToken ct)
    {
        RegionRow? region = null;
        if (request.RegionCode is { } code)
        {
            region = await connection.QuerySingleOrDefaultAsync<RegionRow>(new CommandDefinition(
                "SELECT id, path FROM regions WHERE code = @code AND path LIKE CONCAT(@cityPath, '%')", new { code, cityPath = channel.RegionPath }, cancellationToken: ct));
            if (region is null)
            {
                return (null, ApiProblem.Create(422, "region_unknown", $"未知的区域代码 {code}（本渠道只能转入本市的区域）。"));
            }
        }

        RoomQueries.RoomWithPath? room;
        if (request.RoomIdText is not null || request.RoomScene is not null)
        {
            room = request.RoomIdText is { } idText
                ? await RoomQueries.FindAsync(connection, long.Parse(idText, CultureInfo.InvariantCulture), ct)
                : await RoomQueries.FindBySceneAsync(connection, request.RoomScene!.ToUpperInvariant(), ct);
            if (room is null || !room.RegionPath.StartsWith(channel.RegionPath, StringComparison.Ordinal)
                || (request.RoomScene is { } scene && !string.Equals(room.Room.Scene, scene, StringComparison.OrdinalIgnoreCase)))
            {
                return (null, ApiProblem.Create(422, "room_unknown", "找不到指定的议事室（attribute[room_id] / attribute[room_scene]）。"));
            }

            if (region is not null && !room.RegionPath.StartsWith(region.Path, StringComparison.Ordinal))
            {
                return (null, ApiProblem.Create(422, "room_not_in_region", "指定的议事室不在该区域内。"));
            }
        }
        else
        {
            var rooms = (await connection.QueryAsync<long>(new CommandDefinition(
                "SELECT id FROM rooms WHERE region_id = @Id AND is_active = 1 ORDER BY id", new { region!.Id }, cancellationToken: ct))).AsList();
            if (rooms.Count > 1)
            {
                return (null, ApiProblem.Create(422, "region_has_several_rooms", "该区域有多个议事室，请用 attribute[room_id] 或 attribute[room_scene] 指定。",
                    new Dictionary<string, object?> { ["roomIds"] = rooms }));
            }

            if (rooms.Count == 0)
            {
                return (null, ApiProblem.Create(422, "region_has_no_room", "该区域没有正在使用的议事室，请指定上级或下级区域的议事室。"));
            }

            room = await RoomQueries.FindAsync(connection, rooms[0], ct);
        }

        return room!.Room.IsActive ? (room, null) : (null, ApiProblem.Create(409, "room_closed", "这个议事室已停用，不能再提问题了。请查找附近其他议事室提交。"));
    }
}
