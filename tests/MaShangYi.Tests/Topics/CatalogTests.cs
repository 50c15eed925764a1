using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

/// <summary>Categories and criteria are reference data kept between tests, so these tests remove what they add.</summary>
public sealed class CatalogTests : TopicTest
{
    [TearDown]
    public Task RemoveWhatTheTestAddedAsync() =>
        ExecuteAsync("DELETE FROM topic_categories WHERE name LIKE '测试%'; DELETE FROM review_criteria WHERE title LIKE '测试%';");

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
        var created = await ReadJsonAsync(await CityAdmin.PostAsJsonAsync("/api/review-criteria",
            new { kind = "not_deliberate", title = "测试标准", description = "用于测试的标准说明", sortOrder = 900, isActive = true }));
        var topic = (await SubmitAsync())["id"]!.GetValue<long>();

        var rejected = await ActAsync(Reviewer, topic, "reject", new { criterionId = created["id"]!.GetValue<long>(), reason = "测试" });

        Assert.That(rejected["rejection"]!["criterionTitle"]!.GetValue<string>(), Is.EqualTo("测试标准"));
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
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM review_criteria"), Is.EqualTo(10));
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
