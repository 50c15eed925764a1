using System.Net;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

public sealed class TopicListTests : TopicTest
{
    [Test]
    public async Task ARoomsPublicListShowsAcceptedTopicsNewestFirstButNotThoseUnderReviewOrRejected()
    {
        var older = await AnnouncedTopicAsync();
        var newer = await AnnouncedTopicAsync();
        await SubmitAsync();
        var rejected = (await SubmitAsync())["id"]!.GetValue<long>();
        await ActAsync(Reviewer, rejected, "reject", new { criterionId = await CriterionIdAsync(), reason = "不属于议事范围" });

        var page = await ReadJsonAsync(await Anonymous.GetAsync($"/api/rooms/{RoomId}/topics"));

        Assert.That(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()), Is.EqualTo(new[] { newer, older }));
    }

    [Test]
    public async Task ARegionListCoversEveryRoomInTheSubtreeAndNothingOutsideIt()
    {
        var inVillage = await AnnouncedTopicAsync();
        var otherCounty = (await SubmitAsync(roomId: OtherCountyRoomId))["id"]!.GetValue<long>();
        await ExecuteAsync("UPDATE topics SET status = 'announced' WHERE id = @otherCounty", new { otherCounty });
        var county = await ScalarAsync<long>("SELECT id FROM regions WHERE code = '320812'");
        var city = await ScalarAsync<long>("SELECT id FROM regions WHERE code = '320800'");

        var countyPage = await ReadJsonAsync(await Anonymous.GetAsync($"/api/regions/{county}/topics"));
        var cityPage = await ReadJsonAsync(await Anonymous.GetAsync($"/api/regions/{city}/topics"));

        Assert.That(countyPage["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()), Is.EqualTo(new[] { inVillage }));
        Assert.That(cityPage["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()), Is.EquivalentTo(new[] { inVillage, otherCounty }));
    }

    [Test]
    public async Task ListsFilterByStatusCategoryAndClass()
    {
        var a = await AnnouncedTopicAsync();
        var b = await AnnouncedTopicAsync();
        await ActAsync(RoomAdmin, b, "classify", new { @class = "A" });
        await ExecuteAsync("UPDATE topics SET status = 'researching' WHERE id = @a", new { a });
        var otherCategory = await ScalarAsync<long>("SELECT id FROM topic_categories ORDER BY sort_order DESC LIMIT 1");
        await ExecuteAsync("UPDATE topics SET category_id = @otherCategory WHERE id = @a", new { otherCategory, a });

        async Task<long[]> Ids(string query) =>
            (await ReadJsonAsync(await Anonymous.GetAsync($"/api/rooms/{RoomId}/topics?{query}")))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ToArray();

        Assert.That(await Ids("status=researching"), Is.EqualTo(new[] { a }));
        Assert.That(await Ids($"categoryId={otherCategory}"), Is.EqualTo(new[] { a }));
        Assert.That(await Ids("class=A"), Is.EqualTo(new[] { b }));
    }

    [TestCase("status=submitted", "status")]
    [TestCase("status=nonsense", "status")]
    [TestCase("class=Z", "class")]
    [TestCase("limit=0", "limit")]
    [TestCase("limit=51", "limit")]
    public async Task BadListFiltersAre400WithTheField(string query, string field)
    {
        var response = await Anonymous.GetAsync($"/api/rooms/{RoomId}/topics?{query}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]![field], Is.Not.Null);
    }

    [Test]
    public async Task DeepPagesFollowTheKeysetWithoutGapsOrRepeats()
    {
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await AnnouncedTopicAsync());
        }

        var seen = new List<long>();
        long? after = null;
        do
        {
            var page = await ReadJsonAsync(await Anonymous.GetAsync($"/api/rooms/{RoomId}/topics?limit=3" + (after is null ? "" : $"&after={after}")));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
            after = page["nextAfter"]?.GetValue<long>();
        }
        while (after is not null);

        Assert.That(seen, Is.EqualTo(ids.AsEnumerable().Reverse()));
    }

    [Test]
    public async Task MyTopicsShowsEveryStatusOfMineAndNobodyElses()
    {
        var mine = (await SubmitAsync())["id"]!.GetValue<long>();
        var (other, _) = await LoginAsync("another-resident");
        await SubmitAsync(other);

        var page = await ReadJsonAsync(await Resident.GetAsync("/api/me/topics"));

        Assert.That(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()), Is.EqualTo(new[] { mine }));
        Assert.That(page["items"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
    }

    [Test]
    public async Task UnknownRoomsAndRegionsAre404()
    {
        await AssertProblemAsync(await Anonymous.GetAsync("/api/rooms/999999/topics"), HttpStatusCode.NotFound, "room_not_found");
        await AssertProblemAsync(await Anonymous.GetAsync("/api/regions/999999/topics"), HttpStatusCode.NotFound, "region_not_found");
    }

    [Test]
    public async Task ALookupByReceiptOfATopicUnderReviewShowsWhereItStandsButNotItsContent()
    {
        var topic = await SubmitAsync(title: "私密的标题");
        var receipt = topic["receiptNo"]!.GetValue<string>();

        var response = await Anonymous.GetAsync($"/api/topics/by-receipt/{receipt}");
        var text = await response.Content.ReadAsStringAsync();
        var lookup = await ReadJsonAsync(response);

        Assert.That(lookup["topic"], Is.Null);
        Assert.That(lookup["status"]!["statusName"]!.GetValue<string>(), Is.EqualTo("审核中"));
        Assert.That(text, Does.Not.Contain("私密的标题").And.Not.Contain("路灯"));
        await AssertProblemAsync(await Anonymous.GetAsync("/api/topics/by-receipt/2026-NOPE-0001"), HttpStatusCode.NotFound, "receipt_not_found");
        await AssertProblemAsync(await Anonymous.GetAsync("/api/topics/by-receipt/x"), HttpStatusCode.BadRequest, "receipt_malformed");
    }

    [Test]
    public async Task TheLandingSummaryCountsTheRoomsTopicsByStageAndListsTheLatestPublicOnes()
    {
        var announced = await AnnouncedTopicAsync();
        await SubmitAsync();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });

        var landing = await ReadJsonAsync(await Anonymous.GetAsync($"/api/landing?scene={scene}"));

        var counts = landing["summary"]!["counts"]!;
        Assert.That(counts["total"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(counts["underReview"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(counts["announced"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(landing["summary"]!["latest"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()), Is.EqualTo(new[] { announced }));
    }

    [Test]
    public async Task EveryStatusCountsInItsOwnStageOfTheLandingSummaryAndTurnedAwayOrHeldTopicsNotAtAll()
    {
        // Bucket sizes all differ (1, 3, 4, 2, 5), so a status counted in the wrong stage, or two stages swapped, shows.
        var statuses = new[]
        {
            "submitted",
            "announced", "researching", "reopened",
            "meeting_scheduled", "meeting_scheduled", "deliberated", "resolution_published",
            "implementing", "completed",
            "closed", "closed", "closed", "referred", "escalated",
            "rejected", "merged",
        };
        foreach (var status in statuses)
        {
            var id = (await SubmitAsync())["id"]!.GetValue<long>();
            await ExecuteAsync("UPDATE topics SET status = @status WHERE id = @id", new { status, id });
        }

        var held = (await SubmitAsync())["id"]!.GetValue<long>();
        await ExecuteAsync("UPDATE topics SET status = 'announced', moderation = 'held' WHERE id = @held", new { held });
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });

        var counts = (await ReadJsonAsync(await Anonymous.GetAsync($"/api/landing?scene={scene}")))["summary"]!["counts"]!;

        Assert.That(
            new[] { "underReview", "announced", "inDeliberation", "implementing", "closed", "total" }.Select(c => counts[c]!.GetValue<long>()),
            Is.EqualTo(new long[] { 1, 3, 4, 2, 5, 15 }),
            counts.ToJsonString());
    }

    [Test]
    public async Task TheStaffListOfARegionShowsTopicsUnderReviewRejectedMergedAndHeldToTheStaffOverIt()
    {
        var announced = await AnnouncedTopicAsync();
        var waiting = (await SubmitAsync())["id"]!.GetValue<long>();
        var rejected = (await SubmitAsync())["id"]!.GetValue<long>();
        await ActAsync(Reviewer, rejected, "reject", new { criterionId = await CriterionIdAsync(), reason = "不属于议事范围" });
        var merged = (await SubmitAsync())["id"]!.GetValue<long>();
        await ActAsync(Reviewer, merged, "merge", new { intoTopicId = announced, note = "同一盏路灯" });
        var held = (await SubmitAsync())["id"]!.GetValue<long>();
        await ExecuteAsync("UPDATE topics SET moderation = 'held' WHERE id = @held", new { held });
        var elsewhere = (await SubmitAsync(roomId: OtherCountyRoomId))["id"]!.GetValue<long>();
        var town = await ScalarAsync<long>("SELECT id FROM regions WHERE code = @TownCode", new { TownCode });
        var city = await ScalarAsync<long>("SELECT id FROM regions WHERE code = '320800'");

        async Task<JsonArray> Items(HttpClient client, long region, string query = "") =>
            (await ReadJsonAsync(await client.GetAsync($"/api/regions/{region}/topics/all?{query}")))["items"]!.AsArray();
        static long[] Ids(JsonArray items) => items.Select(i => i!["id"]!.GetValue<long>()).ToArray();

        var everyone = new[] { held, merged, rejected, waiting, announced };
        Assert.That(Ids(await Items(Reviewer, town)), Is.EqualTo(everyone));
        Assert.That(Ids(await Items(RoomAdmin, town)), Is.EqualTo(everyone));
        Assert.That(Ids(await Items(CityAdmin, city)), Is.EqualTo(everyone.Prepend(elsewhere)));
        Assert.That(Ids(await Items(RoomAdmin, town, "status=rejected")), Is.EqualTo(new[] { rejected }));
        Assert.That(Ids(await Items(RoomAdmin, town, "status=submitted")), Is.EqualTo(new[] { held, waiting }));
        var heldItem = (await Items(RoomAdmin, town)).Single(i => i!["id"]!.GetValue<long>() == held)!;
        Assert.That(heldItem["heldForModeration"]!.GetValue<bool>(), Is.True);
        // The public list of the same region still shows only the accepted topic.
        Assert.That(Ids((await ReadJsonAsync(await Anonymous.GetAsync($"/api/regions/{town}/topics")))["items"]!.AsArray()), Is.EqualTo(new[] { announced }));
    }

    [Test]
    public async Task TheStaffListIsRefusedToThoseWhoDoNotSeeEveryTopicOfTheRegion()
    {
        await SubmitAsync();
        var town = await ScalarAsync<long>("SELECT id FROM regions WHERE code = @TownCode", new { TownCode });
        var city = await ScalarAsync<long>("SELECT id FROM regions WHERE code = '320800'");
        var implementer = await LoginWithRoleAsync("implementer", Roles.Implementer, TownCode, "城管局");
        var otherReviewer = await LoginWithRoleAsync("other-reviewer", Roles.Reviewer, OtherCountyCode);

        foreach (var (client, region) in new[] { (Resident, town), (implementer, town), (otherReviewer, town), (Reviewer, city) })
        {
            var problem = await AssertProblemAsync(await client.GetAsync($"/api/regions/{region}/topics/all"), HttpStatusCode.Forbidden, "forbidden");
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("全部议题"));
        }

        Assert.That((await Anonymous.GetAsync($"/api/regions/{town}/topics/all")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        await AssertProblemAsync(await Reviewer.GetAsync("/api/regions/999999/topics/all"), HttpStatusCode.NotFound, "region_not_found");
        var bad = await AssertProblemAsync(await Reviewer.GetAsync($"/api/regions/{town}/topics/all?status=nonsense"), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(bad["errors"]!["status"], Is.Not.Null);
    }
}
