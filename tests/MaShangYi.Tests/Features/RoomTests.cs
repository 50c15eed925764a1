using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Features;

public sealed class RoomTests : ApiTest
{
    [Test]
    public async Task ListingByRegionReturnsTheRoomsOfItsWholeSubtree()
    {
        await SeedDemoCityAsync();

        var county = await ReadJsonAsync(await Anonymous.GetAsync($"/api/rooms?regionId={await RegionIdAsync("320812")}&limit=100"));
        var city = await ReadJsonAsync(await Anonymous.GetAsync($"/api/rooms?regionId={await RegionIdAsync("320800")}&limit=100"));

        var countyRegions = await QueryAsync<long>("SELECT id FROM regions WHERE path LIKE '/320800/320812/%'");
        Assert.That(county["items"]!.AsArray(), Has.Count.EqualTo(9));
        Assert.That(county["items"]!.AsArray().Select(r => r!["regionId"]!.GetValue<long>()), Is.SubsetOf(countyRegions));
        Assert.That(city["items"]!.AsArray(), Has.Count.EqualTo(28));
        Assert.That(city["nextAfter"], Is.Null);
    }

    [Test]
    public async Task SearchingByNameFindsOnlyRoomsWhoseNameContainsTheWords()
    {
        await SeedDemoCityAsync();

        var found = await ReadJsonAsync(await Anonymous.GetAsync("/api/rooms?q=" + Uri.EscapeDataString("河下")));
        var wildcard = await ReadJsonAsync(await Anonymous.GetAsync("/api/rooms?q=" + Uri.EscapeDataString("%")));

        Assert.That(found["items"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { "河下街道协商议事室", "河下社区协商议事室" }));
        Assert.That(wildcard["items"]!.AsArray(), Is.Empty, "a % in the search is a character, not a wildcard");
    }

    [Test]
    public async Task PagingWithNextAfterVisitsEveryRoomOnceAndThenStops()
    {
        await SeedDemoCityAsync();
        var seen = new List<long>();
        var pageSizes = new List<int>();
        long? after = null;
        do
        {
            var page = await ReadJsonAsync(await Anonymous.GetAsync($"/api/rooms?limit=10{(after is null ? "" : $"&after={after}")}"));
            var ids = page["items"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).ToList();
            seen.AddRange(ids);
            pageSizes.Add(ids.Count);
            after = page["nextAfter"]?.GetValue<long>();
            Assert.That(after, Is.Null.Or.EqualTo(ids[^1]));
        }
        while (after is not null && pageSizes.Count < 10);

        Assert.That(pageSizes, Is.EqualTo(new[] { 10, 10, 8 }));
        Assert.That(seen, Is.Ordered.And.Unique);
        Assert.That(seen, Is.EquivalentTo(await QueryAsync<long>("SELECT id FROM rooms")));
    }

    [TestCase(0)]
    [TestCase(101)]
    public async Task ALimitOutside1To100Is400(int limit)
    {
        var response = await Anonymous.GetAsync($"/api/rooms?limit={limit}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["limit"], Is.Not.Null);
    }

    [Test]
    public async Task ARoomsDetailCarriesItsRegionPathFromTheCity()
    {
        await SeedDemoCityAsync();

        var response = await Anonymous.GetAsync($"/api/rooms/{await RoomIdAsync("车桥村协商议事室")}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var detail = await ReadJsonAsync(response);
        Assert.That(detail["room"]!["address"]!.GetValue<string>(), Is.EqualTo("车桥镇车桥村党群服务中心"));
        Assert.That(detail["regionPath"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "淮安市", "淮安区", "车桥镇", "车桥村" }));
        await AssertProblemAsync(await Anonymous.GetAsync("/api/rooms/999999"), HttpStatusCode.NotFound, "room_not_found");
    }

    [Test]
    public async Task ARegionAdminCreatesARoomWithAFreshEightCharacterScene()
    {
        await SeedDemoCityAsync();
        var admin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var townId = await RegionIdAsync("320812002");

        var response = await admin.PostAsJsonAsync("/api/rooms", new { regionId = townId, name = "浦楼街道第二议事室", address = "浦楼街道办事处三楼", contactName = "张三", contactPhone = "0517-83600099" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var room = await ReadJsonAsync(response);
        var scene = room["scene"]!.GetValue<string>();
        Assert.That(scene, Has.Length.EqualTo(8));
        Assert.That(scene.All(SceneCodes.Alphabet.Contains), Is.True, scene);
        Assert.That(room["isActive"]!.GetValue<bool>(), Is.True);
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/rooms/{room["id"]}"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM rooms WHERE scene = @scene AND region_id = @townId AND name = '浦楼街道第二议事室'", new { scene, townId }), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(DISTINCT scene) FROM rooms"), Is.EqualTo(29));
    }

    [Test]
    public async Task ASecondRoomWithTheSameNameInTheSameRegionIs409ButAnotherRegionMayUseIt()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();

        var duplicate = await admin.PostAsJsonAsync("/api/rooms", new { regionId = await RegionIdAsync("320812001001"), name = "柳树湾社区协商议事室", address = "别处" });

        await AssertProblemAsync(duplicate, HttpStatusCode.Conflict, "room_name_taken");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        var elsewhere = await admin.PostAsJsonAsync("/api/rooms", new { regionId = await RegionIdAsync("320812001002"), name = "柳树湾社区协商议事室", address = "别处" });
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task AnAdminOfOneCountyGets403OnAnotherCountysRoomsAndNothingChanges()
    {
        await SeedDemoCityAsync();
        var huaian = await LoginWithRoleAsync("ha-admin", "region_admin", "320803");
        var roomId = await RoomIdAsync("柳树湾社区协商议事室");
        var before = await SnapshotAsync();

        var create = await huaian.PostAsJsonAsync("/api/rooms", new { regionId = await RegionIdAsync("320812001"), name = "越权议事室", address = "某地" });
        var edit = await huaian.PutAsJsonAsync($"/api/rooms/{roomId}", new { name = "越权改名", address = "某地", isActive = false });

        await AssertProblemAsync(create, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(edit, HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AReviewerInScopeMayNotCreateOrEditRooms()
    {
        await SeedDemoCityAsync();
        var reviewer = await LoginWithRoleAsync("reviewer", "reviewer", "320812");
        var before = await SnapshotAsync();

        var create = await reviewer.PostAsJsonAsync("/api/rooms", new { regionId = await RegionIdAsync("320812001"), name = "审题人议事室", address = "某地" });
        var edit = await reviewer.PutAsJsonAsync($"/api/rooms/{await RoomIdAsync("柳树湾社区协商议事室")}", new { name = "改名", address = "某地", isActive = true });

        await AssertProblemAsync(create, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(edit, HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task EditingAndDeactivatingARoomKeepsItsScene()
    {
        await SeedDemoCityAsync();
        var admin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var roomId = await RoomIdAsync("柳树湾社区协商议事室");
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @roomId", new { roomId });

        var response = await admin.PutAsJsonAsync($"/api/rooms/{roomId}", new { name = "柳树湾社区议事厅", address = "柳树湾社区新址", contactName = "", contactPhone = "13805170001", isActive = false });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var room = await ReadJsonAsync(response);
        Assert.That(room["scene"]!.GetValue<string>(), Is.EqualTo(scene));
        Assert.That(room["isActive"]!.GetValue<bool>(), Is.False);
        var row = await QueryAsync<(string Name, string Address, string? ContactName, bool IsActive, string Scene)>(
            "SELECT name, address, contact_name, is_active, scene FROM rooms WHERE id = @roomId", new { roomId });
        Assert.That(row, Is.EqualTo(new[] { ("柳树湾社区议事厅", "柳树湾社区新址", (string?)null, false, scene) }));
    }

    [Test]
    public async Task RenamingARoomToAnotherRoomsNameInItsRegionIs409()
    {
        var admin = await SeedDemoCityAsync();
        var townRoom = await RoomIdAsync("长西街道协商议事室");
        await admin.PostAsJsonAsync("/api/rooms", new { regionId = await RegionIdAsync("320812001"), name = "第二议事室", address = "某地" });
        var before = await SnapshotAsync();

        var response = await admin.PutAsJsonAsync($"/api/rooms/{townRoom}", new { name = "第二议事室", address = "某地", isActive = true });

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "room_name_taken");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task BadRoomFieldsAre400WithFieldErrorsAndWriteNothing()
    {
        var admin = await SeedDemoCityAsync();
        var roomId = await RoomIdAsync("柳树湾社区协商议事室");
        var before = await SnapshotAsync();

        var create = await admin.PostAsJsonAsync("/api/rooms", new { regionId = await RegionIdAsync("320812001"), name = " ", address = "某地", contactPhone = "电话打不通" });
        var edit = await admin.PutAsJsonAsync($"/api/rooms/{roomId}", new { name = "", address = "", contactPhone = "12", isActive = true });

        var createProblem = await AssertProblemAsync(create, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(FieldsOf(createProblem), Is.EquivalentTo(new[] { "name", "contactPhone" }));
        var editProblem = await AssertProblemAsync(edit, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(FieldsOf(editProblem), Is.EquivalentTo(new[] { "name", "address", "contactPhone" }));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task CreatingARoomInAnUnknownRegionIs404()
    {
        var admin = await SeedDemoCityAsync();

        var response = await admin.PostAsJsonAsync("/api/rooms", new { regionId = 999999, name = "无处议事室", address = "某地" });

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "region_not_found");
    }

    [Test]
    public async Task CreatingARoomWithoutLoggingInIs401AndWritesNothing()
    {
        await SeedDemoCityAsync();
        var before = await SnapshotAsync();

        var response = await Anonymous.PostAsJsonAsync("/api/rooms", new { regionId = await RegionIdAsync("320812001"), name = "匿名议事室", address = "某地" });

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    private static IEnumerable<string> FieldsOf(JsonObject problem) => problem["errors"]!.AsObject().Select(e => e.Key);
}
