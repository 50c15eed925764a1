using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Features;

public sealed class GrantTests : ApiTest
{
    [Test]
    public async Task ARegionAdminGrantsARoleOnARegionInTheirSubtree()
    {
        await SeedDemoCityAsync();
        var admin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var (_, residentId) = await LoginAsync("resident");
        var townId = await RegionIdAsync("320812001");

        var response = await admin.PostAsJsonAsync("/api/grants", new { userId = residentId, role = "reviewer", regionId = townId });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var grant = await ReadJsonAsync(response);
        Assert.That(grant["userId"]!.GetValue<long>(), Is.EqualTo(residentId));
        Assert.That(grant["role"]!.GetValue<string>(), Is.EqualTo("reviewer"));
        Assert.That(grant["roleName"]!.GetValue<string>(), Is.EqualTo("审核人员"));
        Assert.That(grant["regionName"]!.GetValue<string>(), Is.EqualTo("长西街道"));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/grants/{grant["id"]}"));
        var row = await QueryAsync<(long RegionId, long GrantedBy)>(
            "SELECT region_id, granted_by FROM role_grants WHERE user_id = @residentId AND role = 'reviewer'", new { residentId });
        Assert.That(row, Is.EqualTo(new[] { (townId, await UserIdAsync("qjp-admin")) }));
    }

    [Test]
    public async Task ListingGrantsShowsTheWholeSubtreeAndNothingOutsideIt()
    {
        var cityAdmin = await SeedDemoCityAsync();
        await LoginWithRoleAsync("qjp-reviewer", "reviewer", "320812001");
        await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        await LoginWithRoleAsync("ha-reviewer", "reviewer", "320803");

        var response = await cityAdmin.GetAsync($"/api/grants?regionId={await RegionIdAsync("320812")}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var grants = await ReadJsonArrayAsync(response);
        Assert.That(grants.Select(g => (g!["role"]!.GetValue<string>(), g["regionName"]!.GetValue<string>())),
            Is.EqualTo(new[] { ("region_admin", "清江浦区"), ("reviewer", "长西街道") }), "ordered by level, outer regions first");
    }

    [Test]
    public async Task GrantsAreListedWithTheHoldersNameTheRoleNameAndTheRegionName()
    {
        var cityAdmin = await SeedDemoCityAsync();
        await LoginWithRoleAsync("qjp-reviewer", "reviewer", "320812001");
        await LoginWithRoleAsync("nameless", "volunteer", "320812001");
        await ExecuteAsync("UPDATE users SET display_name = '王芳' WHERE openid = @openId", new { openId = SimulatedWeChatClient.OpenIdFor("qjp-reviewer") });

        var grants = await ReadJsonArrayAsync(await cityAdmin.GetAsync($"/api/grants?regionId={await RegionIdAsync("320812001")}"));

        Assert.That(grants.Select(g => (g!["userName"]?.GetValue<string>(), g["roleName"]!.GetValue<string>(), g["regionName"]!.GetValue<string>())),
            Is.EqualTo(new (string?, string, string)[] { ("王芳", "审核人员", "长西街道"), (null, "志愿者/网格员", "长西街道") }));
    }

    [Test]
    public async Task RevokingAGrantIs204AndRemovesIt()
    {
        var cityAdmin = await SeedDemoCityAsync();
        await LoginWithRoleAsync("qjp-reviewer", "reviewer", "320812001");
        var grantId = await ScalarAsync<long>("SELECT id FROM role_grants WHERE role = 'reviewer'");

        var response = await cityAdmin.DeleteAsync($"/api/grants/{grantId}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM role_grants WHERE id = @grantId", new { grantId }), Is.Zero);
        await AssertProblemAsync(await cityAdmin.DeleteAsync($"/api/grants/{grantId}"), HttpStatusCode.NotFound, "grant_not_found");
    }

    [Test]
    public async Task ACountyAdminCannotGrantListOrRevokeInAnotherCounty()
    {
        await SeedDemoCityAsync();
        var admin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        await LoginWithRoleAsync("ha-reviewer", "reviewer", "320803");
        var (_, residentId) = await LoginAsync("resident");
        var otherCounty = await RegionIdAsync("320803");
        var otherGrant = await ScalarAsync<long>("SELECT id FROM role_grants WHERE role = 'reviewer'");
        var before = await SnapshotAsync();

        var grant = await admin.PostAsJsonAsync("/api/grants", new { userId = residentId, role = "volunteer", regionId = otherCounty });
        var list = await admin.GetAsync($"/api/grants?regionId={otherCounty}");
        var revoke = await admin.DeleteAsync($"/api/grants/{otherGrant}");
        var upward = await admin.PostAsJsonAsync("/api/grants", new { userId = residentId, role = "region_admin", regionId = await RegionIdAsync("320800") });

        await AssertProblemAsync(grant, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(list, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(revoke, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(upward, HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task GrantingToAnUnknownUserIs404()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();

        var response = await admin.PostAsJsonAsync("/api/grants", new { userId = 999999, role = "volunteer", regionId = await RegionIdAsync("320812") });

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "user_not_found");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task GrantingTheSameRoleOnTheSameRegionTwiceIs409()
    {
        var admin = await SeedDemoCityAsync();
        var (_, residentId) = await LoginAsync("resident");
        var request = new { userId = residentId, role = "volunteer", regionId = await RegionIdAsync("320812001001") };
        Assert.That((await admin.PostAsJsonAsync("/api/grants", request)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var before = await SnapshotAsync();

        var response = await admin.PostAsJsonAsync("/api/grants", request);

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "grant_exists");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase("mayor", null, "role")]
    [TestCase("", null, "role")]
    [TestCase("implementer", null, "unit")]
    [TestCase("implementer", "  ", "unit")]
    public async Task AnUnknownRoleOrAnImplementerWithoutAUnitIs400AndWritesNothing(string role, string? unit, string field)
    {
        var admin = await SeedDemoCityAsync();
        var (_, residentId) = await LoginAsync("resident");
        var before = await SnapshotAsync();

        var response = await admin.PostAsJsonAsync("/api/grants", new { userId = residentId, role, regionId = await RegionIdAsync("320812"), unit });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AnImplementerGrantCarriesItsUnit()
    {
        var admin = await SeedDemoCityAsync();
        var (_, residentId) = await LoginAsync("resident");

        var response = await admin.PostAsJsonAsync("/api/grants", new { userId = residentId, role = "implementer", regionId = await RegionIdAsync("320812"), unit = " 清江浦区住建局 " });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await ReadJsonAsync(response))["unit"]!.GetValue<string>(), Is.EqualTo("清江浦区住建局"));
        Assert.That(await ScalarAsync<string>("SELECT unit FROM role_grants WHERE user_id = @residentId", new { residentId }), Is.EqualTo("清江浦区住建局"));
    }

    [Test]
    public async Task ARevokedRegionAdminIsRefusedOnTheirVeryNextRequest()
    {
        var cityAdmin = await SeedDemoCityAsync();
        var (deputy, deputyId) = await LoginAsync("deputy");
        var townId = await RegionIdAsync("320812001");
        var granted = await ReadJsonAsync(await cityAdmin.PostAsJsonAsync("/api/grants", new { userId = deputyId, role = "region_admin", regionId = townId }));
        var first = await deputy.PostAsJsonAsync("/api/rooms", new { regionId = townId, name = "第一议事室", address = "某地" });
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the grant works while it exists");

        Assert.That((await cityAdmin.DeleteAsync($"/api/grants/{granted["id"]}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var before = await SnapshotAsync();
        var second = await deputy.PostAsJsonAsync("/api/rooms", new { regionId = townId, name = "第二议事室", address = "某地" });

        await AssertProblemAsync(second, HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AnAdminCannotRevokeTheirOwnAdminGrantAndShutThemselvesOut()
    {
        await SeedDemoCityAsync();
        var countyAdmin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var grantId = await ScalarAsync<long>(
            "SELECT id FROM role_grants WHERE user_id = @userId AND role = 'region_admin'", new { userId = await UserIdAsync("qjp-admin") });
        var before = await SnapshotAsync();

        var response = await countyAdmin.DeleteAsync($"/api/grants/{grantId}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict, "own_admin_grant");
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("不能撤销您自己的区域管理员任职"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before), "nothing revoked");
        Assert.That((await countyAdmin.GetAsync($"/api/grants?regionId={await RegionIdAsync("320812")}")).StatusCode, Is.EqualTo(HttpStatusCode.OK),
            "still the county's admin");
    }

    [Test]
    public async Task AnAdminMayRevokeTheirOwnGrantsThatLeaveThemAdmin()
    {
        var cityAdmin = await SeedDemoCityAsync();
        var cityAdminId = await ScalarAsync<long>("SELECT user_id FROM role_grants g JOIN regions r ON r.id = g.region_id WHERE r.code = '320800' AND g.role = 'region_admin' LIMIT 1");
        var countyId = await RegionIdAsync("320812");
        var countyGrant = await ReadJsonAsync(await cityAdmin.PostAsJsonAsync("/api/grants", new { userId = cityAdminId, role = "region_admin", regionId = countyId }));
        var reviewerGrant = await ReadJsonAsync(await cityAdmin.PostAsJsonAsync("/api/grants", new { userId = cityAdminId, role = "reviewer", regionId = countyId }));

        Assert.That((await cityAdmin.DeleteAsync($"/api/grants/{countyGrant["id"]}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent),
            "their city grant still covers the county");
        Assert.That((await cityAdmin.DeleteAsync($"/api/grants/{reviewerGrant["id"]}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent),
            "a role that is not admin can be given back by themselves");
    }

    [Test]
    public async Task TheListSaysWhichGrantsTheCallerMayRevokeAsTheRevokeDecides()
    {
        var cityAdmin = await SeedDemoCityAsync();
        var cityAdminId = await ScalarAsync<long>("SELECT user_id FROM role_grants g JOIN regions r ON r.id = g.region_id WHERE r.code = '320800' AND g.role = 'region_admin' LIMIT 1");
        var countyId = await RegionIdAsync("320812");
        var countyGrant = await ReadJsonAsync(await cityAdmin.PostAsJsonAsync("/api/grants", new { userId = cityAdminId, role = "region_admin", regionId = countyId }));
        var countyAdmin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var countyAdminGrant = await ScalarAsync<long>(
            "SELECT id FROM role_grants WHERE user_id = @userId AND role = 'region_admin'", new { userId = await UserIdAsync("qjp-admin") });

        async Task<Dictionary<long, bool>> CanRevoke(HttpClient admin, string code) =>
            (await ReadJsonArrayAsync(await admin.GetAsync($"/api/grants?regionId={await RegionIdAsync(code)}")))
                .ToDictionary(g => g!["id"]!.GetValue<long>(), g => g!["canRevoke"]!.GetValue<bool>());

        var asCounty = await CanRevoke(countyAdmin, "320812");
        Assert.That(asCounty[countyAdminGrant], Is.False, "their own and only admin grant");
        Assert.That(asCounty[countyGrant["id"]!.GetValue<long>()], Is.True, "another admin's");
        var asCity = await CanRevoke(cityAdmin, "320800");
        Assert.That(asCity[countyGrant["id"]!.GetValue<long>()], Is.True, "their own, under their city grant");
        Assert.That(asCity[countyAdminGrant], Is.True);
        Assert.That(asCity.Count(g => !g.Value), Is.EqualTo(1), "only the city grant itself is kept from them");
        Assert.That(countyGrant["canRevoke"]!.GetValue<bool>(), Is.True, "a new grant's answer carries it too");
        Assert.That(countyGrant.ContainsKey("regionPath"), Is.False, "the path stays inside");
    }

    [Test]
    public async Task GrantsNeedALogin()
    {
        await SeedDemoCityAsync();

        var response = await Anonymous.GetAsync($"/api/grants?regionId={await RegionIdAsync("320800")}");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    private static Task<long> UserIdAsync(string loginCode) =>
        ScalarAsync<long>("SELECT id FROM users WHERE openid = @openId", new { openId = SimulatedWeChatClient.OpenIdFor(loginCode) });
}
