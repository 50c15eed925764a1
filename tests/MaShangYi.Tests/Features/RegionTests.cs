using System.Net;
using System.Net.Http.Json;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Features;

public sealed class RegionTests : ApiTest
{
    [Test]
    public async Task AnyoneCanListTheTopLevelRegionsWithTheirChildAndRoomCounts()
    {
        await SeedDemoCityAsync();

        var response = await Anonymous.GetAsync("/api/regions");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var regions = await ReadJsonArrayAsync(response);
        Assert.That(regions, Has.Count.EqualTo(1));
        var city = regions[0]!;
        Assert.That(city["code"]!.GetValue<string>(), Is.EqualTo("320800"));
        Assert.That(city["name"]!.GetValue<string>(), Is.EqualTo("淮安市"));
        Assert.That(city["level"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(city["levelName"]!.GetValue<string>(), Is.EqualTo("市"));
        Assert.That(city["childCount"]!.GetValue<long>(), Is.EqualTo(3));
        Assert.That(city["roomCount"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task AnyoneCanListTheChildrenOfARegionInCodeOrder()
    {
        await SeedDemoCityAsync();
        var cityId = await RegionIdAsync("320800");

        var response = await Anonymous.GetAsync($"/api/regions?parentId={cityId}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var counties = await ReadJsonArrayAsync(response);
        Assert.That(counties.Select(c => c!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "320803", "320804", "320812" }));
        Assert.That(counties.Select(c => c!["level"]!.GetValue<int>()), Is.All.EqualTo(2));
        Assert.That(counties.Select(c => c!["childCount"]!.GetValue<long>()), Is.All.EqualTo(2));
    }

    [Test]
    public async Task ARegionsDetailCarriesItsPathFromTheCityAndItsChildren()
    {
        await SeedDemoCityAsync();
        var townId = await RegionIdAsync("320812001");

        var response = await Anonymous.GetAsync($"/api/regions/{townId}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var town = await ReadJsonAsync(response);
        Assert.That(town["name"]!.GetValue<string>(), Is.EqualTo("长西街道"));
        Assert.That(town["levelName"]!.GetValue<string>(), Is.EqualTo("镇街"));
        Assert.That(town["parentId"]!.GetValue<long>(), Is.EqualTo(await RegionIdAsync("320812")));
        Assert.That(town["path"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "淮安市", "清江浦区", "长西街道" }));
        Assert.That(town["children"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "柳树湾社区", "东长街社区", "西长街社区" }));
    }

    [Test]
    public async Task AnUnknownRegionIs404()
    {
        await SeedDemoCityAsync();

        await AssertProblemAsync(await Anonymous.GetAsync("/api/regions/999999"), HttpStatusCode.NotFound, "region_not_found");
    }

    [Test]
    public async Task ACountyAdminCreatesATownUnderTheirCountyOneLevelDownWithItsPath()
    {
        await SeedDemoCityAsync();
        var admin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var countyId = await RegionIdAsync("320812");

        var response = await admin.PostAsJsonAsync("/api/regions", new { parentId = countyId, code = "320812003", name = " 清江街道 " });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var created = await ReadJsonAsync(response);
        Assert.That(created["name"]!.GetValue<string>(), Is.EqualTo("清江街道"));
        Assert.That(created["level"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/regions/{created["id"]}"));
        var row = await QueryAsync<(long ParentId, int Level, string Path)>(
            "SELECT parent_id, level, path FROM regions WHERE code = '320812003'");
        Assert.That(row, Is.EqualTo(new[] { (countyId, 3, "/320800/320812/320812003/") }));
    }

    [Test]
    public async Task ACountyAdminCannotCreateARegionUnderAnotherCounty()
    {
        await SeedDemoCityAsync();
        var admin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var before = await SnapshotAsync();

        var response = await admin.PostAsJsonAsync("/api/regions", new { parentId = await RegionIdAsync("320803"), code = "320803103", name = "施河镇" });

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task CreatingUnderAnUnknownParentIs404()
    {
        var admin = await SeedDemoCityAsync();

        var response = await admin.PostAsJsonAsync("/api/regions", new { parentId = 999999, code = "320899", name = "新区" });

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "parent_region_not_found");
    }

    [Test]
    public async Task ACodeAlreadyInUseIs409AndChangesNothing()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();

        var response = await admin.PostAsJsonAsync("/api/regions", new { parentId = await RegionIdAsync("320812"), code = "320812001", name = "重复街道" });

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "region_code_taken");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task NothingCanBeCreatedBelowAVillage()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();

        var response = await admin.PostAsJsonAsync("/api/regions", new { parentId = await RegionIdAsync("320812001001"), code = "320812001901", name = "一组" });

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "region_too_deep");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AnAdminRenamesARegionInTheirScopeAndItsCodeAndPathStay()
    {
        await SeedDemoCityAsync();
        var admin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var townId = await RegionIdAsync("320812001");

        var response = await admin.PutAsJsonAsync($"/api/regions/{townId}", new { name = "长西新街道" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var renamed = await ReadJsonAsync(response);
        Assert.That(renamed["name"]!.GetValue<string>(), Is.EqualTo("长西新街道"));
        Assert.That(renamed["childCount"]!.GetValue<long>(), Is.EqualTo(3));
        var row = await QueryAsync<(string Code, string Name, string Path)>("SELECT code, name, path FROM regions WHERE id = @townId", new { townId });
        Assert.That(row, Is.EqualTo(new[] { ("320812001", "长西新街道", "/320800/320812/320812001/") }));
    }

    [Test]
    public async Task RenamingARegionOutsideTheAdminsScopeIs403AndChangesNothing()
    {
        await SeedDemoCityAsync();
        var admin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var before = await SnapshotAsync();

        var otherCounty = await admin.PutAsJsonAsync($"/api/regions/{await RegionIdAsync("320803101")}", new { name = "改名" });
        var parent = await admin.PutAsJsonAsync($"/api/regions/{await RegionIdAsync("320800")}", new { name = "改名" });

        await AssertProblemAsync(otherCounty, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(parent, HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase("12ab56", "长江街道", "code")]
    [TestCase("32081200", "", "name")]
    [TestCase("", "长江街道", "code")]
    [TestCase("320812003", "   ", "name")]
    public async Task BadInputForANewRegionIs400WithTheFieldAndWritesNothing(string code, string name, string field)
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();

        var response = await admin.PostAsJsonAsync("/api/regions", new { parentId = await RegionIdAsync("320812"), code, name });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
        Assert.That(problem["errors"]![field]![0]!.GetValue<string>(), Does.Match(@"\p{IsCJKUnifiedIdeographs}"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task RenamingToAnEmptyNameIs400AndWritesNothing()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();

        var response = await admin.PutAsJsonAsync($"/api/regions/{await RegionIdAsync("320812")}", new { name = "" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["name"], Is.Not.Null);
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task CreatingARegionWithoutLoggingInIs401()
    {
        await SeedDemoCityAsync();

        var response = await Anonymous.PostAsJsonAsync("/api/regions", new { parentId = await RegionIdAsync("320812"), code = "320812003", name = "清江街道" });

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
