using System.Net;
using System.Net.Http.Json;

namespace MaShangYi.Tests.Statistics;

/// <summary>
/// The reviewer sets or corrects a topic's category on accepting it (a resident may have left it to the room's default),
/// and the statistics move the topic to its corrected category.
/// </summary>
public sealed class CategoryCorrectionTests : StatisticsTest
{
    private long _other;

    private long _infrastructure;

    [SetUp]
    public async Task FindCategoriesAsync()
    {
        _other = await EnsureOtherCategoryAsync();
        _infrastructure = (await OrdinaryCategoriesAsync(1))[0];
    }

    private async Task<long> SubmittedWithoutCategoryAsync()
    {
        var response = await Resident.PostAsJsonAsync($"/api/rooms/{RoomId}/topics", new { description = "小区门口的下水道堵了，一下雨就积水。" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["id"]!.GetValue<long>();
    }

    private static long Submitted(System.Text.Json.Nodes.JsonObject report, long categoryId) =>
        report["byCategory"]!.AsArray().Where(c => c!["categoryId"]!.GetValue<long>() == categoryId).Sum(c => Count(c, "submitted"));

    [Test]
    public async Task TheReviewerSetsTheCategoryWhenAccepting()
    {
        var id = await SubmittedWithoutCategoryAsync();
        var infrastructure = _infrastructure;

        var topic = await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7), categoryId = infrastructure });

        Assert.That(Status(topic), Is.EqualTo("announced"));
        Assert.That(topic["category"]!["id"]!.GetValue<long>(), Is.EqualTo(infrastructure));
        Assert.That(await ScalarAsync<long>("SELECT category_id FROM topics WHERE id = @id", new { id }), Is.EqualTo(infrastructure));
    }

    [Test]
    public async Task AcceptingWithoutACategoryKeepsTheOneTheTopicHas()
    {
        var id = await SubmittedWithoutCategoryAsync();

        var topic = await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });

        Assert.That(topic["category"]!["id"]!.GetValue<long>(), Is.EqualTo(_other));
    }

    [Test]
    public async Task AnInactiveCategoryOnAcceptingIsRefusedAndTheTopicStaysUnderReview()
    {
        var id = await SubmittedWithoutCategoryAsync();
        var infrastructure = _infrastructure;
        await RetireCategoryAsync(infrastructure);

        var response = await Reviewer.PostAsJsonAsync($"/api/topics/{id}/accept", new { announcementEndsOn = Today(7), categoryId = infrastructure });

        await AssertProblemAsync(response, (HttpStatusCode)422, "category_unknown");
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("submitted"));
        Assert.That(await ScalarAsync<long>("SELECT category_id FROM topics WHERE id = @id", new { id }), Is.EqualTo(_other));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE topic_id = @id", new { id }), Is.EqualTo(1), "no accept event");
    }

    [Test]
    public async Task ACategoryOfZeroOnAcceptingIsAFieldError()
    {
        var id = await SubmittedWithoutCategoryAsync();

        var response = await Reviewer.PostAsJsonAsync($"/api/topics/{id}/accept", new { announcementEndsOn = Today(7), categoryId = 0 });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "categoryId" }));
    }

    [Test]
    public async Task TheStatisticsMoveACorrectedTopicToItsNewCategory()
    {
        var id = await SubmittedWithoutCategoryAsync();
        var other = _other;
        var infrastructure = _infrastructure;
        Assert.That(Submitted(await StatisticsAsync(CityCode), other), Is.EqualTo(1), "folded under the default first");

        await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7), categoryId = infrastructure });

        var report = await StatisticsAsync(CityCode);
        Assert.That(Submitted(report, other), Is.Zero);
        Assert.That(Submitted(report, infrastructure), Is.EqualTo(1));
        Assert.That(Count(report["totals"], "submitted"), Is.EqualTo(1));
        await RebuildAsync();
        var rebuilt = await StatisticsAsync(CityCode);
        Assert.That((Submitted(rebuilt, other), Submitted(rebuilt, infrastructure)), Is.EqualTo((0L, 1L)), "a rebuild agrees");
    }
}
