using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Bench.Seed;

public sealed record SeedRegion(long Id, string Code, string Name, int Level, long? ParentId, string Path, long?[] Chain);

/// <summary>A staff member: the user and the unit the timeline shows (the grant's unit, else its region's name).</summary>
public sealed record SeedStaff(long UserId, string Unit);

/// <summary>A room with the staff whose grants cover it.</summary>
public sealed record SeedRoom(long Id, SeedRegion Region, string Name, string Scene, SeedStaff Reviewer, SeedStaff Admin, SeedStaff Volunteer, SeedStaff[] Cppcc, SeedStaff[] Implementers);

/// <summary>
/// Makes the places and the people: cities → counties → towns → villages with a room on every region, staff granted on
/// every city, county and town (reviewer, room admin, volunteer; CPPCC members and implementing units on cities and
/// counties) and a pool of residents. Every staff member and resident can log in through simulated WeChat with the login
/// code <c>province-{role}-{region code}</c> or <c>province-resident-{n}</c>.
/// </summary>
public sealed class ProvincePlaces(Random rng, BulkRows rows, DateTime now, ISet<string> takenScenes, ISet<string> takenCodes)
{
    public List<SeedRegion> Regions { get; } = [];
    public List<SeedRoom> Rooms { get; } = [];
    public long GrantCount { get; private set; }
    public long ResidentFirstId { get; private set; }
    public int Residents { get; private set; }

    private long _regionId, _roomId, _userId;
    private readonly Dictionary<long, (SeedStaff Reviewer, SeedStaff Admin, SeedStaff Volunteer)> _town = [];
    private readonly Dictionary<long, (SeedStaff[] Cppcc, SeedStaff[] Implementers)> _county = [];

    public void Build(int cities, int rooms, int residents, long regionBase, long roomBase, long userBase)
    {
        (_regionId, _roomId, _userId) = (regionBase, roomBase, userBase);
        var perCity = Math.Max(1, rooms / Math.Max(1, cities));
        // rooms of a city ≈ 1 + counties × (1 + towns × (1 + villages))
        var counties = Math.Max(1, (int)Math.Round((perCity - 1) / 193.0));
        var towns = Math.Max(1, (int)Math.Round(((perCity - 1.0) / counties - 1) / 16));
        var villages = Math.Max(1, (int)Math.Round(((perCity - 1.0) / counties - 1) / towns - 1));
        var cityCodes = NextCities(cities);
        foreach (var (code, name) in cityCodes)
        {
            var city = AddRegion(null, code, name, RegionLevels.City);
            for (var c = 1; c <= counties; c++)
            {
                var county = AddRegion(city, city.Code[..4] + c.ToString("D2", null), SeedNames.Place(rng) + Pick(SeedNames.CountySuffixes), RegionLevels.County);
                for (var t = 1; t <= towns; t++)
                {
                    var town = AddRegion(county, county.Code + t.ToString("D3", null), SeedNames.Place(rng) + Pick(SeedNames.TownSuffixes), RegionLevels.Town);
                    var count = villages < 6 ? villages : villages + rng.Next(-villages / 4, villages / 4 + 1);
                    for (var v = 1; v <= count; v++)
                    {
                        AddRegion(town, town.Code + v.ToString("D3", null), SeedNames.Place(rng) + Pick(SeedNames.VillageSuffixes), RegionLevels.Village);
                    }
                }
            }
        }

        ResidentFirstId = _userId + 1;
        Residents = residents;
        for (var i = 1; i <= residents; i++)
        {
            AddUser($"province-resident-{i}", rng.Next(3) == 0 ? SeedNames.Person(rng) : null);
        }

        foreach (var region in Regions)
        {
            AddRoom(region);
        }
    }

    private IEnumerable<(string Code, string Name)> NextCities(int count)
    {
        var made = 0;
        for (var k = 0; made < count; k++)
        {
            var (code, name) = k < SeedNames.Cities.Length ? SeedNames.Cities[k] : ($"{33 + k / 99}{k % 99 + 1:D2}00", SeedNames.Place(rng) + "市");
            if (takenCodes.Contains(code))
            {
                continue; // e.g. the demo city: the province goes around it
            }

            made++;
            yield return (code, name);
        }
    }

    private SeedRegion AddRegion(SeedRegion? parent, string code, string name, int level)
    {
        var id = ++_regionId;
        var chain = parent is null ? new long?[4] : (long?[])parent.Chain.Clone();
        chain[level - 1] = id;
        var region = new SeedRegion(id, code, name, level, parent?.Id, RegionLevels.ChildPath(parent?.Path, code), chain);
        Regions.Add(region);
        rows["regions"].Row().Num(id).Text(code).Num(parent?.Id).Num(level).Text(name).Text(region.Path).Time(now).Time(now);
        if (level <= RegionLevels.Town)
        {
            _town[id] = (Grant(Roles.Reviewer, region, null), Grant(Roles.RoomAdmin, region, null), Grant(Roles.Volunteer, region, null));
        }

        if (level <= RegionLevels.County)
        {
            _county[id] = (
                [Grant(Roles.CppccMember, region, null, 1), Grant(Roles.CppccMember, region, null, 2)],
                [.. SeedNames.Units.Select(u => Grant(Roles.Implementer, region, region.Name + u))]);
        }

        return region;
    }

    private SeedStaff Grant(string role, SeedRegion region, string? unit, int n = 0)
    {
        var code = unit is null ? $"province-{role}-{region.Code}" : $"province-{role}-{region.Code}-{Array.IndexOf(SeedNames.Units, unit[region.Name.Length..])}";
        var userId = AddUser(n == 0 ? code : $"{code}-{n}", SeedNames.Person(rng));
        rows["role_grants"].Row().Num(userId).Text(role).Num(region.Id).Text(unit).Null().Time(now);
        GrantCount++;
        return new SeedStaff(userId, unit ?? region.Name);
    }

    private long AddUser(string loginCode, string? displayName)
    {
        var id = ++_userId;
        rows["users"].Row().Num(id).Text(SimulatedWeChatClient.OpenIdFor(loginCode)).Text(displayName).Time(now).Time(now);
        return id;
    }

    private void AddRoom(SeedRegion region)
    {
        string scene;
        do
        {
            scene = new string(Enumerable.Range(0, SceneCodes.Length).Select(_ => SceneCodes.Alphabet[rng.Next(SceneCodes.Alphabet.Length)]).ToArray());
        }
        while (!takenScenes.Add(scene));

        var town = _town[region.Chain.Take(3).Last(id => id is not null)!.Value];
        var county = _county[region.Chain.Take(2).Last(id => id is not null)!.Value];
        var room = new SeedRoom(++_roomId, region, region.Name + "协商议事室", scene, town.Reviewer, town.Admin, town.Volunteer, county.Cppcc, county.Implementers);
        Rooms.Add(room);
        rows["rooms"].Row().Num(room.Id).Num(region.Id).Text(room.Name).Text(region.Name + "党群服务中心").Text(SeedNames.Person(rng))
            .Text($"1{rng.Next(30, 90)}{rng.Next(10000000, 99999999)}").Bool(true).Text(scene).Time(now).Time(now);
    }

    private string Pick(string[] items) => items[rng.Next(items.Length)];
}
