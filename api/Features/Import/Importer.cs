using System.Globalization;
using System.Text;
using Dapper;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Import;

/// <summary>What an import changes (or, as a preview, would change): counts, and each region and room of the file with its action.</summary>
public sealed record ImportResult(
    int RegionsCreated, int RegionsUpdated, int RegionsUnchanged, int RoomsCreated, int RoomsUpdated, int RoomsUnchanged, IReadOnlyList<ImportChange> Changes);

/// <summary>
/// One region (kind region, with its code) or room (kind room) of the file: create, update or unchanged. An update lists
/// its <paramref name="Differences"/>, so the admin sees what a region or room is now before the file replaces it.
/// </summary>
public sealed record ImportChange(int Line, string Kind, string Action, string? Code, string Name, IReadOnlyList<ImportDifference> Differences);

/// <summary>A field an update changes: its column (name, address, contact_name, contact_phone), its Chinese label, and
/// the value before and after (null: empty).</summary>
public sealed record ImportDifference(string Field, string Label, string? From, string? To);

/// <summary>
/// Applies an import file in one transaction: regions are matched by administrative code, rooms by
/// (region, name). Only differences are written, so importing the same file twice changes nothing.
/// Any bad row refuses the whole file. A preview (dry run) plans the same changes and writes nothing.
/// </summary>
public sealed class Importer(MySqlDataSource db, TimeProvider clock)
{
    private const int Batch = 500;

    public sealed record Outcome(ImportResult? Result, IReadOnlyList<ImportError> Errors);

    private sealed record ExistingRegion(long Id, string Code, long? ParentId, int Level, string Name, string Path);

    private sealed record ExistingRoom(long Id, long RegionId, string Name, string Address, string? ContactName, string? ContactPhone);

    private sealed record PlannedRoom(ImportRoom Room, ExistingRoom? Existing, string Action, IReadOnlyList<ImportDifference> Differences);

    public Task<Outcome> ImportAsync(byte[] content, IReadOnlyList<string>? scopePaths, CancellationToken ct) =>
        ImportAsync(content, scopePaths, dryRun: false, ct);

    // scopePaths: the region paths the caller administers; null for the system (seeding, bootstrap).
    public async Task<Outcome> ImportAsync(byte[] content, IReadOnlyList<string>? scopePaths, bool dryRun, CancellationToken ct)
    {
        var parsed = ImportFile.Parse(content);
        if (parsed.Errors.Count > 0)
        {
            return new Outcome(null, parsed.Errors);
        }

        var now = clock.StoredNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var existing = await LoadRegionsAsync(connection, tx, parsed.Regions.Select(r => r.Code), ct);
        var errors = new List<ImportError>();
        var paths = new Dictionary<string, string>();
        foreach (var region in parsed.Regions.OrderBy(r => r.Level))
        {
            var path = RegionLevels.ChildPath(region.ParentCode is null ? null : paths.GetValueOrDefault(region.ParentCode), region.Code);
            paths[region.Code] = path;
            if (existing.TryGetValue(region.Code, out var found))
            {
                if (found.Path != path)
                {
                    errors.Add(new(region.Line, ColumnFor(region.Level), $"区划代码 {region.Code} 已属于“{found.Name}”（上级不同），不能改变归属。"));
                }
                else if (found.Name != region.Name && !Covered(scopePaths, path))
                {
                    errors.Add(new(region.Line, ColumnFor(region.Level), $"您无权修改区域“{found.Name}”的名称。"));
                }
            }
            else if (!Covered(scopePaths, path))
            {
                errors.Add(new(region.Line, ColumnFor(region.Level), $"您无权在此建立区域“{region.Name}”。"));
            }
        }

        foreach (var room in parsed.Rooms.Where(r => !Covered(scopePaths, paths[r.RegionCode])))
        {
            errors.Add(new(room.Line, "room_name", $"您无权管理“{room.Name}”所在的区域。"));
        }

        if (errors.Count > 0)
        {
            return new Outcome(null, errors.OrderBy(e => e.Line).ToList());
        }

        var created = parsed.Regions.Where(r => !existing.ContainsKey(r.Code)).ToList();
        var renamed = parsed.Regions.Where(r => existing.TryGetValue(r.Code, out var e) && e.Name != r.Name).ToList();
        var rooms = await PlanRoomsAsync(connection, tx, parsed.Rooms, existing, ct);
        var result = Summarise(parsed.Regions, existing, created, renamed, rooms);
        if (dryRun)
        {
            return new Outcome(result, []);
        }

        foreach (var level in created.GroupBy(r => r.Level).OrderBy(g => g.Key))
        {
            foreach (var chunk in level.Chunk(Batch))
            {
                await InsertRegionsAsync(connection, tx, chunk, existing, paths, now, ct);
            }

            foreach (var (code, region) in await LoadRegionsAsync(connection, tx, level.Select(r => r.Code), ct))
            {
                existing[code] = region;
            }
        }

        foreach (var region in renamed)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE regions SET name = @Name, updated_at = @now WHERE code = @Code", new { region.Name, region.Code, now }, tx, cancellationToken: ct));
        }

        await ApplyRoomsAsync(connection, tx, rooms, existing, now, ct);
        await tx.CommitAsync(ct);
        return new Outcome(result, []);
    }

    private static ImportResult Summarise(
        IReadOnlyList<ImportRegion> regions, Dictionary<string, ExistingRegion> existing, List<ImportRegion> created, List<ImportRegion> renamed, List<PlannedRoom> rooms)
    {
        var createdCodes = created.Select(r => r.Code).ToHashSet();
        var renamedCodes = renamed.Select(r => r.Code).ToHashSet();
        string RegionAction(ImportRegion r) => createdCodes.Contains(r.Code) ? "create" : renamedCodes.Contains(r.Code) ? "update" : "unchanged";
        var changes = regions.Select(r => new ImportChange(r.Line, "region", RegionAction(r), r.Code, r.Name,
                renamedCodes.Contains(r.Code) ? [new ImportDifference("name", "名称", existing[r.Code].Name, r.Name)] : []))
            .Concat(rooms.Select(p => new ImportChange(p.Room.Line, "room", p.Action, null, p.Room.Name!, p.Differences)))
            .OrderBy(c => c.Line).ThenBy(c => c.Kind == "room").ToList();
        int Rooms(string action) => rooms.Count(p => p.Action == action);
        return new ImportResult(
            created.Count, renamed.Count, regions.Count - created.Count - renamed.Count, Rooms("create"), Rooms("update"), Rooms("unchanged"), changes);
    }

    /// <summary>What the file changes of a room already there; none means the room is unchanged.</summary>
    private static List<ImportDifference> RoomDifferences(ExistingRoom before, ImportRoom after)
    {
        var fields = new (string Field, string Label, string? From, string? To)[]
        {
            ("address", "地址", before.Address, after.Address),
            ("contact_name", "联系人", before.ContactName, after.ContactName),
            ("contact_phone", "联系电话", before.ContactPhone, after.ContactPhone),
        };
        return [.. fields.Where(f => f.From != f.To).Select(f => new ImportDifference(f.Field, f.Label, f.From, f.To))];
    }

    /// <summary>Each room of the file against the rooms already in its region (a region still to be made has none).</summary>
    private static async Task<List<PlannedRoom>> PlanRoomsAsync(
        MySqlConnection connection, MySqlTransaction tx, IReadOnlyList<ImportRoom> rooms, Dictionary<string, ExistingRegion> regions, CancellationToken ct)
    {
        var regionIds = rooms.Where(r => regions.ContainsKey(r.RegionCode)).Select(r => regions[r.RegionCode].Id).Distinct().ToArray();
        var current = new Dictionary<(long, string), ExistingRoom>();
        foreach (var chunk in regionIds.Chunk(Batch))
        {
            foreach (var room in await connection.QueryAsync<ExistingRoom>(new CommandDefinition(
                "SELECT id, region_id AS RegionId, name, address, contact_name AS ContactName, contact_phone AS ContactPhone FROM rooms WHERE region_id IN @chunk",
                new { chunk }, tx, cancellationToken: ct)))
            {
                current[(room.RegionId, ImportFile.NameKey(room.Name))] = room;
            }
        }

        return [.. rooms.Select(room =>
        {
            var found = regions.TryGetValue(room.RegionCode, out var region) ? current.GetValueOrDefault((region.Id, ImportFile.NameKey(room.Name!))) : null;
            List<ImportDifference> differences = found is null ? [] : RoomDifferences(found, room);
            var action = found is null ? "create" : differences.Count > 0 ? "update" : "unchanged";
            return new PlannedRoom(room, found, action, differences);
        })];
    }

    private static async Task ApplyRoomsAsync(
        MySqlConnection connection, MySqlTransaction tx, List<PlannedRoom> rooms, Dictionary<string, ExistingRegion> regions, DateTime now, CancellationToken ct)
    {
        foreach (var (room, found, _, _) in rooms.Where(p => p.Action == "update"))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE rooms SET address = @Address, contact_name = @ContactName, contact_phone = @ContactPhone, updated_at = @now WHERE id = @Id",
                new { room.Address, room.ContactName, room.ContactPhone, now, found!.Id }, tx, cancellationToken: ct));
        }

        // Regions made by this import have their ids now.
        var toCreate = rooms.Where(p => p.Action == "create").Select(p => (regions[p.Room.RegionCode].Id, p.Room)).ToList();
        foreach (var chunk in toCreate.Chunk(Batch))
        {
            await InsertRoomsAsync(connection, tx, chunk, now, ct);
        }
    }

    private static Task<int> InsertRegionsAsync(
        MySqlConnection connection, MySqlTransaction tx, ImportRegion[] chunk, Dictionary<string, ExistingRegion> existing, Dictionary<string, string> paths, DateTime now, CancellationToken ct)
    {
        var sql = new StringBuilder("INSERT INTO regions (code, parent_id, level, name, path, created_at, updated_at) VALUES ");
        var parameters = new DynamicParameters(new { now });
        for (var i = 0; i < chunk.Length; i++)
        {
            var r = chunk[i];
            sql.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"(@c{i}, @p{i}, @l{i}, @n{i}, @path{i}, @now, @now)");
            parameters.Add($"c{i}", r.Code);
            parameters.Add($"p{i}", r.ParentCode is null ? null : existing[r.ParentCode].Id);
            parameters.Add($"l{i}", r.Level);
            parameters.Add($"n{i}", r.Name);
            parameters.Add($"path{i}", paths[r.Code]);
        }

        return connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, tx, cancellationToken: ct));
    }

    private static async Task InsertRoomsAsync(MySqlConnection connection, MySqlTransaction tx, (long RegionId, ImportRoom Room)[] chunk, DateTime now, CancellationToken ct)
    {
        // A scene collision (one in ~10^11 per pair) fails the batch; a fresh draw of codes then goes through.
        for (var attempt = 0; ; attempt++)
        {
            var sql = new StringBuilder("INSERT INTO rooms (region_id, name, address, contact_name, contact_phone, is_active, scene, created_at, updated_at) VALUES ");
            var parameters = new DynamicParameters(new { now });
            for (var i = 0; i < chunk.Length; i++)
            {
                var (regionId, room) = chunk[i];
                sql.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"(@r{i}, @n{i}, @a{i}, @cn{i}, @cp{i}, 1, @s{i}, @now, @now)");
                parameters.Add($"r{i}", regionId);
                parameters.Add($"n{i}", room.Name);
                parameters.Add($"a{i}", room.Address);
                parameters.Add($"cn{i}", room.ContactName);
                parameters.Add($"cp{i}", room.ContactPhone);
                parameters.Add($"s{i}", SceneCodes.Generate());
            }

            await connection.ExecuteAsync(new CommandDefinition("SAVEPOINT rooms_batch", transaction: tx, cancellationToken: ct));
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, tx, cancellationToken: ct));
                return;
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry && ex.Message.Contains("ux_rooms_scene", StringComparison.Ordinal) && attempt < 3)
            {
                await connection.ExecuteAsync(new CommandDefinition("ROLLBACK TO SAVEPOINT rooms_batch", transaction: tx, cancellationToken: ct));
            }
        }
    }

    private static async Task<Dictionary<string, ExistingRegion>> LoadRegionsAsync(MySqlConnection connection, MySqlTransaction tx, IEnumerable<string> codes, CancellationToken ct)
    {
        var result = new Dictionary<string, ExistingRegion>();
        foreach (var chunk in codes.Chunk(Batch))
        {
            foreach (var region in await connection.QueryAsync<ExistingRegion>(new CommandDefinition(
                $"{RegionQueries.SelectRow} WHERE code IN @chunk", new { chunk }, tx, cancellationToken: ct)))
            {
                result[region.Code] = region;
            }
        }

        return result;
    }

    private static bool Covered(IReadOnlyList<string>? scopePaths, string path) => scopePaths is null || Access.Covers(scopePaths, path);

    private static string ColumnFor(int level) => level switch
    {
        1 => "city_code",
        2 => "county_code",
        3 => "town_code",
        _ => "village_code",
    };
}
