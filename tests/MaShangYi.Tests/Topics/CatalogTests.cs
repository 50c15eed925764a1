using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

/// <summary>
/// Categories and the default criteria are reference data kept between tests, so these tests remove what they add (a
/// city's own criteria too: its region goes with the reset).
/// </summary>
public sealed class CatalogTests : TopicTest
{
    private const string CityCode = "320800";
    private const string OtherCityCode = "320100";

    [TearDown]
    public Task RemoveWhatTheTestAddedAsync() =>
        ExecuteAsync("DELETE FROM topic_categories WHERE name LIKE '测试%'; DELETE FROM review_criteria WHERE title LIKE '测试%' OR city_id IS NOT NULL;");

    private static Task<HttpResponseMessage> PostCriterionAsync(HttpClient client, string title, long? cityId = null) =>
        client.PostAsJsonAsync("/api/review-criteria", new { kind = "not_deliberate", title, description = "用于测试的标准说明", sortOrder = 900, isActive = true, cityId });

    private static Task<long> CityIdAsync(string code) => ScalarAsync<long>("SELECT id FROM regions WHERE code = @code", new { code });

    /// <summary>A second city, 南京市, with its own admin.</summary>
    private async Task<HttpClient> OtherCityAdminAsync()
    {
        using (var scope = Api.Services.CreateScope())
        {
            await MaShangYi.Api.Commands.AdminCommands.BootstrapAdminAsync(
                scope.ServiceProvider, MaShangYi.Api.Infrastructure.WeChat.SimulatedWeChatClient.OpenIdFor("nanjing-admin"), OtherCityCode, "南京市");
        }

        return (await LoginAsync("nanjing-admin")).Client;
    }

    private async Task<List<string>> TitlesAsync(string query) =>
        (await ReadJsonArrayAsync(await Anonymous.GetAsync("/api/review-criteria" + query))).Select(c => c!["title"]!.GetValue<string>()).ToList();

    [Test]
    public async Task TheSeededCategoriesAndTheFiveAndFiveCriteriaArePublic()
    {
        var categories = await ReadJsonArrayAsync(await Anonymous.GetAsync("/api/categories"));
        var criteria = await ReadJsonArrayAsync(await Anonymous.GetAsync("/api/review-criteria"));

        Assert.That(categories.Select(c => c!["name"]!.GetValue<string>()), Does.Contain("环境卫生").And.Contain("其他"));
        Assert.That(criteria.Count(c => c!["kind"]!.GetValue<string>() == "deliberate"), Is.EqualTo(5));
        Assert.That(criteria.Count(c => c!["kind"]!.GetValue<string>() == "not_deliberate"), Is.EqualTo(5));
        Assert.That(criteria.First()!["kindName"]!.GetValue<string>(), Is.EqualTo("五议"));
    }

    [Test]
    public async Task TheCityAdminAddsEditsAndRetiresACategory()
    {
        var created = await ReadJsonAsync(await CityAdmin.PostAsJsonAsync("/api/categories", new { name = "测试类别", sortOrder = 500, isActive = true }));
        var id = created["id"]!.GetValue<long>();

        var edited = await CityAdmin.PutAsJsonAsync($"/api/categories/{id}", new { name = "测试类别二", sortOrder = 501, isActive = false });

        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var active = await ReadJsonArrayAsync(await Anonymous.GetAsync("/api/categories"));
        var all = await ReadJsonArrayAsync(await Anonymous.GetAsync("/api/categories?all=true"));
        Assert.That(active.Select(c => c!["id"]!.GetValue<long>()), Does.Not.Contain(id));
        Assert.That(all.Single(c => c!["id"]!.GetValue<long>() == id)!["name"]!.GetValue<string>(), Is.EqualTo("测试类别二"));
    }

    [Test]
    public async Task TheCityAdminAddsACriterionThatReviewersCanThenCite()
    {
        var created = await ReadJsonAsync(await PostCriterionAsync(CityAdmin, "测试标准"));
        var topic = (await SubmitAsync())["id"]!.GetValue<long>();

        var rejected = await ActAsync(Reviewer, topic, "reject", new { criterionId = created["id"]!.GetValue<long>(), reason = "测试" });

        Assert.That(rejected["rejection"]!["criterionTitle"]!.GetValue<string>(), Is.EqualTo("测试标准"));
        Assert.That(created["cityId"]!.GetValue<long>(), Is.EqualTo(await CityIdAsync(CityCode)));
        var ofTheRoom = await TitlesAsync($"?room={RoomId}");
        Assert.That(ofTheRoom, Has.Count.EqualTo(11).And.Contains("测试标准"), "the city's set: the ten defaults copied, and the new one");
        Assert.That(await TitlesAsync($"?region={await CityIdAsync(VillageCode)}"), Is.EqualTo(ofTheRoom), "any region of the city names its set");
        Assert.That(await TitlesAsync(""), Has.Count.EqualTo(10).And.Not.Contains("测试标准"), "the installation's defaults are as they were");
    }

    [Test]
    public async Task ACitysChangeStaysInThatCity()
    {
        var nanjing = await OtherCityAdminAsync();
        var nanjingId = await CityIdAsync(OtherCityCode);
        var huaian = await CityIdAsync(CityCode);
        var defaults = await ReadJsonArrayAsync(await Anonymous.GetAsync("/api/review-criteria"));
        var first = defaults.First(c => c!["kind"]!.GetValue<string>() == "not_deliberate")!;

        // 南京市's admin stops a default: 南京 gets a set of its own, with that one stopped.
        var stopped = await ReadJsonAsync(await nanjing.PutAsJsonAsync($"/api/review-criteria/{first["id"]}",
            new { kind = "not_deliberate", title = first["title"]!.GetValue<string>(), description = "南京的说明", sortOrder = 1, isActive = false }));

        Assert.That(stopped["id"]!.GetValue<long>(), Is.Not.EqualTo(first["id"]!.GetValue<long>()), "the city's copy changed, not the default");
        Assert.That(stopped["cityId"]!.GetValue<long>(), Is.EqualTo(nanjingId));
        Assert.That(await TitlesAsync($"?region={nanjingId}"), Has.Count.EqualTo(9).And.Not.Contains(first["title"]!.GetValue<string>()));
        Assert.That(await TitlesAsync($"?region={huaian}"), Has.Count.EqualTo(10).And.Contains(first["title"]!.GetValue<string>()), "淮安 still uses the defaults");
        var nanjingAll = await ReadJsonArrayAsync(await Anonymous.GetAsync($"/api/review-criteria?region={nanjingId}&all=true"));
        Assert.That(nanjingAll, Has.Count.EqualTo(10));
        Assert.That(nanjingAll.All(c => c!["cityId"]!.GetValue<long>() == nanjingId));

        // Neither city's admin reaches the other's set, and 淮安's reviewer cannot cite 南京's criterion.
        var nanjingOwn = nanjingAll.First(c => c!["isActive"]!.GetValue<bool>())!["id"]!.GetValue<long>();
        var before = await ScalarAsync<long>("SELECT COUNT(*) FROM review_criteria");
        await AssertProblemAsync(await CityAdmin.PutAsJsonAsync($"/api/review-criteria/{nanjingOwn}",
            new { kind = "not_deliberate", title = "测试越权", description = "说明", sortOrder = 1, isActive = true }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await PostCriterionAsync(CityAdmin, "测试越权", nanjingId), HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM review_criteria"), Is.EqualTo(before), "nothing written");
        var topic = (await SubmitAsync())["id"]!.GetValue<long>();
        var foreign = await Reviewer.PostAsJsonAsync($"/api/topics/{topic}/reject", new { criterionId = nanjingOwn, reason = "测试" });
        var problem = await AssertProblemAsync(foreign, (HttpStatusCode)422, "criterion_unknown");
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("本市"));
        Assert.That((await ActAsync(Reviewer, topic, "reject", new { criterionId = first["id"]!.GetValue<long>(), reason = "测试" }))["status"]!.GetValue<string>(),
            Is.EqualTo("rejected"), "淮安's reviewer cites the default 南京 stopped for itself");
    }

    [Test]
    public async Task OnceACityHasItsOwnSetItsReviewersCiteThatSet()
    {
        var topic = (await SubmitAsync())["id"]!.GetValue<long>();
        var defaultId = await CriterionIdAsync();
        var rejectedBefore = (await SubmitAsync(title: "楼道堆放杂物"))["id"]!.GetValue<long>();
        await ActAsync(Reviewer, rejectedBefore, "reject", new { criterionId = defaultId, reason = "测试" });

        await PostCriterionAsync(CityAdmin, "测试标准");

        await AssertProblemAsync(await Reviewer.PostAsJsonAsync($"/api/topics/{topic}/reject", new { criterionId = defaultId, reason = "测试" }),
            (HttpStatusCode)422, "criterion_unknown");
        var copy = await ScalarAsync<long>(
            "SELECT c.id FROM review_criteria c JOIN review_criteria d ON d.title = c.title WHERE d.id = @defaultId AND c.city_id IS NOT NULL", new { defaultId });
        var rejected = await ActAsync(Reviewer, topic, "reject", new { criterionId = copy, reason = "测试" });
        Assert.That(rejected["rejection"]!["criterionId"]!.GetValue<long>(), Is.EqualTo(copy));
        var earlier = await ReadJsonAsync(await Reviewer.GetAsync($"/api/topics/{rejectedBefore}"));
        Assert.That(earlier["rejection"]!["criterionId"]!.GetValue<long>(), Is.EqualTo(defaultId), "an earlier rejection keeps the criterion it cited");
    }

    [Test]
    public async Task AdminsRenamingOneCriterionAtOnceAreAllSavedTheLastWins()
    {
        var id = (await ReadJsonAsync(await PostCriterionAsync(CityAdmin, "测试标准")))["id"]!.GetValue<long>();

        // Each request reads the criterion, then waits for the city's row, while the others rename it.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => CityAdmin.PutAsJsonAsync($"/api/review-criteria/{id}",
            new { kind = "not_deliberate", title = $"测试标准{i}", description = "说明", sortOrder = 900, isActive = true })));

        Assert.That(responses.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.OK));
        var titles = await Task.WhenAll(responses.Select(async r => (await ReadJsonAsync(r))["title"]!.GetValue<string>()));
        Assert.That(titles, Is.EquivalentTo(Enumerable.Range(0, 8).Select(i => $"测试标准{i}")), "each answer is the criterion as that request saved it");
        Assert.That(titles, Does.Contain(await ScalarAsync<string>("SELECT title FROM review_criteria WHERE id = @id", new { id })));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM review_criteria WHERE city_id IS NOT NULL"), Is.EqualTo(11));
    }

    [Test]
    public async Task ADefaultEditedFromAPageLoadedBeforeTheCityHadItsOwnSetIsRefused()
    {
        var defaultId = await CriterionIdAsync();
        await PostCriterionAsync(CityAdmin, "测试标准"); // another admin, meanwhile: the city has its own set
        var before = await ScalarAsync<string>("SELECT GROUP_CONCAT(CONCAT(id, title, is_active) ORDER BY id) FROM review_criteria");

        var stale = await CityAdmin.PutAsJsonAsync($"/api/review-criteria/{defaultId}",
            new { kind = "not_deliberate", title = "测试改默认", description = "说明", sortOrder = 1, isActive = false });

        var problem = await AssertProblemAsync(stale, HttpStatusCode.Conflict, "criterion_not_in_city");
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("刷新"));
        Assert.That(await ScalarAsync<string>("SELECT GROUP_CONCAT(CONCAT(id, title, is_active) ORDER BY id) FROM review_criteria"), Is.EqualTo(before));
    }

    [Test]
    public async Task AnAdminOfTwoCitiesHasThemInTheOrderGivenEveryTime()
    {
        // The console lists the cities to choose between in the order of the person's grants: their first city first.
        await OtherCityAdminAsync();
        await LoginWithRoleAsync("city-admin", Roles.RegionAdmin, OtherCityCode);

        // And someone given 南京 first, whose cities' codes and ids run the other ways.
        await LoginWithRoleAsync("two-city-admin", Roles.RegionAdmin, OtherCityCode);
        var twoCities = await LoginWithRoleAsync("two-city-admin", Roles.RegionAdmin, CityCode);

        for (var i = 0; i < 3; i++)
        {
            Assert.That(await CityCodesAsync(CityAdmin), Is.EqualTo(new[] { CityCode, OtherCityCode }));
            Assert.That(await CityCodesAsync(twoCities), Is.EqualTo(new[] { OtherCityCode, CityCode }));
        }

        static async Task<IEnumerable<string>> CityCodesAsync(HttpClient client) =>
            (await ReadJsonAsync(await client.GetAsync("/api/me")))["grants"]!.AsArray().Select(g => g!["regionCode"]!.GetValue<string>());
    }

    [Test]
    public async Task AnAdminOfTwoCitiesNamesTheCityAndAnUnknownPlaceIs404()
    {
        await OtherCityAdminAsync();
        var both = await LoginWithRoleAsync("city-admin", Roles.RegionAdmin, OtherCityCode);

        var problem = await AssertProblemAsync(await PostCriterionAsync(both, "测试标准"), (HttpStatusCode)422, "city_required");
        Assert.That(problem["errors"]!["cityId"]![0]!.GetValue<string>(), Does.Contain("请选择"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM review_criteria WHERE city_id IS NOT NULL"), Is.Zero);
        var created = await ReadJsonAsync(await PostCriterionAsync(both, "测试标准", await CityIdAsync(OtherCityCode)));
        Assert.That(created["cityId"]!.GetValue<long>(), Is.EqualTo(await CityIdAsync(OtherCityCode)));
        await AssertProblemAsync(await Anonymous.GetAsync("/api/review-criteria?room=999999"), HttpStatusCode.NotFound, "room_not_found");
        await AssertProblemAsync(await Anonymous.GetAsync("/api/review-criteria?region=999999"), HttpStatusCode.NotFound, "region_not_found");
    }

    [Test]
    public async Task ARejectionCannotCiteAMatterThatIsDeliberated()
    {
        var topic = (await SubmitAsync())["id"]!.GetValue<long>();
        var before = await SnapshotAsync();

        var response = await Reviewer.PostAsJsonAsync($"/api/topics/{topic}/reject", new { criterionId = await CriterionIdAsync("deliberate"), reason = "测试" });

        var problem = await AssertProblemAsync(response, (HttpStatusCode)422, "criterion_not_a_rejection");
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("五不议"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before), "the topic stays submitted, no event, nothing told");
        var rejected = await ActAsync(Reviewer, topic, "reject", new { criterionId = await CriterionIdAsync("not_deliberate"), reason = "测试" });
        Assert.That(rejected["status"]!.GetValue<string>(), Is.EqualTo("rejected"), "a 五不议 criterion is what a rejection cites");
    }

    [Test]
    public async Task OnlyACityLevelAdminEditsTheCatalogs()
    {
        var countyAdmin = await LoginWithRoleAsync("county-admin", Roles.RegionAdmin, "320812");

        await AssertProblemAsync(await countyAdmin.PostAsJsonAsync("/api/categories", new { name = "测试越权", sortOrder = 1, isActive = true }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await Reviewer.PostAsJsonAsync("/api/review-criteria", new { kind = "deliberate", title = "测试越权", description = "说明", sortOrder = 1, isActive = true }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await countyAdmin.PutAsJsonAsync($"/api/review-criteria/{await CriterionIdAsync()}", new { kind = "deliberate", title = "测试越权", description = "说明", sortOrder = 1, isActive = true }), HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM review_criteria"), Is.EqualTo(10));
        await AssertProblemAsync(await Anonymous.PostAsJsonAsync("/api/categories", new { name = "测试越权", sortOrder = 1, isActive = true }), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_categories WHERE name = '测试越权'"), Is.Zero);
    }

    [Test]
    public async Task DuplicatesAre409AndBadInputIs400WithNothingWritten()
    {
        await AssertProblemAsync(await CityAdmin.PostAsJsonAsync("/api/categories", new { name = "其他", sortOrder = 1, isActive = true }), HttpStatusCode.Conflict, "name_taken");
        var problem = await AssertProblemAsync(
            await CityAdmin.PostAsJsonAsync("/api/review-criteria", new { kind = "maybe", title = "", description = "", sortOrder = 1, isActive = true }),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "kind", "title", "description" }));
        Assert.That(problem["errors"]!["kind"]![0]!.GetValue<string>(), Is.EqualTo("请选择类型：五议或五不议。"));
        await AssertProblemAsync(await CityAdmin.PutAsJsonAsync("/api/categories/999999", new { name = "测试不存在", sortOrder = 1, isActive = true }), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await CityAdmin.PutAsJsonAsync("/api/review-criteria/999999", new { kind = "deliberate", title = "测试不存在", description = "说明", sortOrder = 1, isActive = true }), HttpStatusCode.NotFound, "not_found");
        await ReadJsonAsync(await PostCriterionAsync(CityAdmin, "测试标准"));
        await AssertProblemAsync(await PostCriterionAsync(CityAdmin, "测试标准"), HttpStatusCode.Conflict, "name_taken");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM review_criteria WHERE city_id IS NOT NULL"), Is.EqualTo(11), "the city's set once, with the one new criterion");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM review_criteria WHERE city_id IS NULL"), Is.EqualTo(10));
    }

    [Test]
    public async Task TheWorkflowIsPublishedFromTheTableTheServerEnforces()
    {
        var workflow = await ReadJsonAsync(await Anonymous.GetAsync("/api/workflow"));

        var actions = workflow["actions"]!.AsArray();
        Assert.That(actions.Select(a => a!["name"]!.GetValue<string>()), Is.EqualTo(MaShangYi.Api.Features.Topics.Workflow.Actions.Select(a => a.Name)));
        var accept = actions.Single(a => a!["name"]!.GetValue<string>() == "accept")!;
        Assert.That(accept["from"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "submitted" }));
        Assert.That(accept["who"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "reviewer" }));
        var statuses = workflow["statuses"]!.AsArray();
        Assert.That(statuses.Single(s => s!["status"]!.GetValue<string>() == "announced")!["name"]!.GetValue<string>(), Is.EqualTo("听取意见中"));
    }
}
