using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

public sealed class ReviewTests : TopicTest
{
    private async Task<long> SubmittedAsync() => (await SubmitAsync())["id"]!.GetValue<long>();

    [Test]
    public async Task AReviewerAcceptsATopicWhichIsThenAnnouncedPubliclyUntilTheDate()
    {
        var id = await SubmittedAsync();

        var topic = await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7), note = "符合五议" });

        Assert.That(Status(topic), Is.EqualTo("announced"));
        Assert.That(topic["announcementEndsOn"]!.GetValue<string>(), Is.EqualTo(Today(7)));
        var last = topic["timeline"]!.AsArray().Last()!;
        Assert.That(last["action"]!.GetValue<string>(), Is.EqualTo("accept"));
        Assert.That(last["actorRole"]!.GetValue<string>(), Is.EqualTo("审核人员"));
        Assert.That(last["actorUnit"]!.GetValue<string>(), Is.EqualTo("长西街道"));
        Assert.That(last["note"]!.GetValue<string>(), Is.EqualTo("符合五议"));
        Assert.That((await Anonymous.GetAsync($"/api/topics/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "now public");
    }

    [Test]
    public async Task AcceptanceCanSetTheClassificationAtTheSameTime()
    {
        var id = await SubmittedAsync();

        var topic = await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7), classification = new { @class = "B", nextReviewOn = Today(30) } });

        Assert.That(topic["classification"]!["class"]!.GetValue<string>(), Is.EqualTo("B"));
        Assert.That(topic["classification"]!["nextReviewOn"]!.GetValue<string>(), Is.EqualTo(Today(30)));
    }

    [Test]
    public async Task ARejectionCitesACriterionAndGivesTheProposerAReasonButStaysPrivate()
    {
        var id = await SubmittedAsync();
        var criterion = await CriterionIdAsync();

        await ActAsync(Reviewer, id, "reject", new { criterionId = criterion, reason = "属于个人诉求，请直接联系物业。" });

        var forProposer = await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{id}"));
        Assert.That(Status(forProposer), Is.EqualTo("rejected"));
        Assert.That(forProposer["rejection"]!["criterionId"]!.GetValue<long>(), Is.EqualTo(criterion));
        Assert.That(forProposer["rejection"]!["reason"]!.GetValue<string>(), Is.EqualTo("属于个人诉求，请直接联系物业。"));
        await AssertLastEventAsync(forProposer, "reject", "submitted", "rejected", "审核人员", "属于个人诉求，请直接联系物业。");
        await AssertProblemAsync(await Anonymous.GetAsync($"/api/topics/{id}"), HttpStatusCode.NotFound, "topic_not_found");
    }

    [Test]
    public async Task RejectingWithoutACriterionReturns400AndChangesNothing()
    {
        var id = await SubmittedAsync();
        var before = await ScalarAsync<string>("SELECT CONCAT(status, version) FROM topics WHERE id = @id", new { id });

        var response = await Reviewer.PostAsJsonAsync($"/api/topics/{id}/reject", new { reason = "" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "criterionId", "reason" }));
        Assert.That(await ScalarAsync<string>("SELECT CONCAT(status, version) FROM topics WHERE id = @id", new { id }), Is.EqualTo(before));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE topic_id = @id", new { id }), Is.EqualTo(1));
    }

    [Test]
    public async Task RejectingWithAnUnknownCriterionIs422AndChangesNothing()
    {
        var id = await SubmittedAsync();

        var response = await Reviewer.PostAsJsonAsync($"/api/topics/{id}/reject", new { criterionId = 999999, reason = "理由" });

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "criterion_unknown");
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("submitted"));
    }

    [Test]
    public async Task ReferringRecordsTheTargetAndTheExternalReference()
    {
        var id = await SubmittedAsync();

        var topic = await ActAsync(Reviewer, id, "refer", new { target = "12345 热线", reference = "GD20261127001" });

        Assert.That(Status(topic), Is.EqualTo("referred"));
        Assert.That(topic["referral"]!["target"]!.GetValue<string>(), Is.EqualTo("12345 热线"));
        Assert.That(topic["referral"]!["reference"]!.GetValue<string>(), Is.EqualTo("GD20261127001"));
        await AssertLastEventAsync(topic, "refer", "submitted", "referred", "审核人员", null);
    }

    [Test]
    public async Task MergingPointsTheProposerToTheTopicItDuplicates()
    {
        var original = await AnnouncedTopicAsync();
        var duplicate = await SubmittedAsync();

        await ActAsync(Reviewer, duplicate, "merge", new { intoTopicId = original });

        var forProposer = await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{duplicate}"));
        Assert.That(Status(forProposer), Is.EqualTo("merged"));
        Assert.That(forProposer["mergedInto"]!["id"]!.GetValue<long>(), Is.EqualTo(original));
        Assert.That(forProposer["mergedInto"]!["receiptNo"]!.GetValue<string>(), Does.EndWith("-0001"));
        await AssertLastEventAsync(forProposer, "merge", "submitted", "merged", "审核人员", null);
    }

    [Test]
    public async Task MergingIntoItselfAnUnacceptedTopicOrAnotherRoomsTopicIs422()
    {
        var submitted = await SubmittedAsync();
        var other = await SubmittedAsync();
        var elsewhere = (await SubmitAsync(roomId: OtherCountyRoomId))["id"]!.GetValue<long>();
        await ExecuteAsync("UPDATE topics SET status = 'announced' WHERE id = @elsewhere", new { elsewhere });

        await AssertProblemAsync(await Reviewer.PostAsJsonAsync($"/api/topics/{submitted}/merge", new { intoTopicId = submitted }), HttpStatusCode.UnprocessableEntity, "merge_target_invalid");
        await AssertProblemAsync(await Reviewer.PostAsJsonAsync($"/api/topics/{submitted}/merge", new { intoTopicId = other }), HttpStatusCode.UnprocessableEntity, "merge_target_invalid");
        await AssertProblemAsync(await Reviewer.PostAsJsonAsync($"/api/topics/{submitted}/merge", new { intoTopicId = elsewhere }), HttpStatusCode.UnprocessableEntity, "merge_target_other_room"); // another county: not the same town
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @submitted", new { submitted }), Is.EqualTo("submitted"));
    }

    [TestCase("B", null, "nextReviewOn")]
    [TestCase("C", null, "note")]
    [TestCase("D", "x", "class")]
    public async Task AClassificationMissingWhatItsClassNeedsIs400(string cls, string? note, string field)
    {
        var id = await AnnouncedTopicAsync();

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/classify", new { @class = cls, note });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]![field], Is.Not.Null);
        Assert.That(await ScalarAsync<string?>("SELECT classification FROM topics WHERE id = @id", new { id }), Is.Null);
    }

    [Test]
    public async Task AClassCanBeChangedLaterAndEachChangeIsOnTheTimeline()
    {
        var id = await AnnouncedTopicAsync();

        await ActAsync(Reviewer, id, "classify", new { @class = "B", nextReviewOn = Today(14) });
        var topic = await ActAsync(RoomAdmin, id, "classify", new { @class = "C", note = "超出本级职权，已向上反映。" });

        Assert.That(topic["classification"]!["class"]!.GetValue<string>(), Is.EqualTo("C"));
        Assert.That(topic["classification"]!["nextReviewOn"], Is.Null);
        Assert.That(topic["timeline"]!.AsArray().Count(e => e!["action"]!.GetValue<string>() == "classify"), Is.EqualTo(2));
    }

    [Test]
    public async Task AReviewerOfAnotherCountyCannotEvenSeeTheSubmissionAndStaffWithoutTheRoleGet403()
    {
        var id = await SubmittedAsync();
        var otherReviewer = await LoginWithRoleAsync("other-reviewer", Roles.Reviewer, OtherCountyCode);

        // A topic under review is private: outside the scope its existence is not revealed.
        await AssertProblemAsync(await otherReviewer.PostAsJsonAsync($"/api/topics/{id}/accept", new { announcementEndsOn = Today(7) }), HttpStatusCode.NotFound, "topic_not_found");
        await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/accept", new { announcementEndsOn = Today(7) }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await Anonymous.PostAsJsonAsync($"/api/topics/{id}/accept", new { announcementEndsOn = Today(7) }), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("submitted"));
    }

    [Test]
    public async Task AcceptingTwiceIs409WithTheCurrentState()
    {
        var id = await AnnouncedTopicAsync();

        var problem = await AssertProblemAsync(
            await Reviewer.PostAsJsonAsync($"/api/topics/{id}/accept", new { announcementEndsOn = Today(7) }), HttpStatusCode.Conflict, "invalid_transition");

        Assert.That(problem["currentStatus"]!.GetValue<string>(), Is.EqualTo("announced"));
        Assert.That(problem["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()), Does.Contain("classify").And.Not.Contain("accept"));
    }

    [Test]
    public async Task AnAnnouncementDateInThePastIs422AndNothingChanges()
    {
        var id = await SubmittedAsync();

        var problem = await AssertProblemAsync(await Reviewer.PostAsJsonAsync($"/api/topics/{id}/accept", new { announcementEndsOn = Today(-1) }), HttpStatusCode.UnprocessableEntity, "announcement_date_past");
        Assert.That(problem["errors"]!["announcementEndsOn"]![0]!.GetValue<string>(), Is.EqualTo("公示截止日期不能早于今天。"), "shown under the date field");
        Assert.That(await ScalarAsync<string>("SELECT CONCAT(status, '/', version) FROM topics WHERE id = @id", new { id }), Is.EqualTo("submitted/1"));
        var classify = await AssertProblemAsync(await Reviewer.PostAsJsonAsync($"/api/topics/{id}/accept",
            new { announcementEndsOn = Today(7), classification = new { @class = "B", nextReviewOn = Today() } }), HttpStatusCode.UnprocessableEntity, "next_review_past");
        Assert.That(classify["errors"]!["nextReviewOn"]![0]!.GetValue<string>(), Is.EqualTo("B 类的下次跟踪日期须晚于今天。"));
        Assert.That(await ScalarAsync<string>("SELECT CONCAT(status, '/', version) FROM topics WHERE id = @id", new { id }), Is.EqualTo("submitted/1"));
    }

    [Test]
    public async Task TheQueueShowsSubmittedTopicsInTheReviewersScopeOldestFirst()
    {
        var first = await SubmittedAsync();
        var second = await SubmittedAsync();
        await SubmitAsync(roomId: OtherCountyRoomId);
        await AnnouncedTopicAsync();

        var queue = await ReadJsonAsync(await Reviewer.GetAsync("/api/review/queue"));

        Assert.That(queue["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()), Is.EqualTo(new[] { first, second }));
        await AssertProblemAsync(await Resident.GetAsync("/api/review/queue"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task TheQueuePagesWithAKeysetCursor()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await SubmittedAsync());
        }

        var page1 = await ReadJsonAsync(await Reviewer.GetAsync("/api/review/queue?limit=2"));
        var after = page1["nextAfter"]!.GetValue<long>();
        var page2 = await ReadJsonAsync(await Reviewer.GetAsync($"/api/review/queue?limit=2&after={after}"));
        var page3 = await ReadJsonAsync(await Reviewer.GetAsync($"/api/review/queue?limit=2&after={page2["nextAfter"]!.GetValue<long>()}"));

        var seen = new[] { page1, page2, page3 }.SelectMany(p => p["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        Assert.That(seen, Is.EqualTo(ids));
        Assert.That(page3["nextAfter"], Is.Null);
    }

    [Test]
    public async Task AReviewerOfSeveralRegionsAtEveryLevelSeesEachSubmissionOnceOldestFirstAcrossPages()
    {
        // A county, a town and a village inside it (the same topics under three grants), and another county.
        var reviewer = await LoginWithRoleAsync("many-region-reviewer", Roles.Reviewer, "320812");
        foreach (var code in new[] { TownCode, VillageCode, OtherCountyCode })
        {
            await LoginWithRoleAsync("many-region-reviewer", Roles.Reviewer, code); // the same person, one more grant
        }

        var ids = new List<long> { await SubmittedAsync(), (await SubmitAsync(roomId: OtherCountyRoomId))["id"]!.GetValue<long>(), await SubmittedAsync() };
        ids.Add((await SubmitAsync(roomId: OtherCountyRoomId))["id"]!.GetValue<long>());
        await AnnouncedTopicAsync();

        var seen = new List<long>();
        long? after = null;
        do
        {
            var page = await ReadJsonAsync(await reviewer.GetAsync($"/api/review/queue?limit=3{(after is null ? "" : $"&after={after}")}"));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
            after = page["nextAfter"]?.GetValue<long>();
        }
        while (after is not null);

        Assert.That(seen, Is.EqualTo(ids));
    }

    [Test]
    public async Task TheProposerSeesTheReviewersDecisionsButNeverWhoTheReviewerIs()
    {
        var id = await SubmittedAsync();
        var reviewerId = await ScalarAsync<long>("SELECT id FROM users WHERE openid LIKE 'sim_%' AND id IN (SELECT user_id FROM role_grants WHERE role = 'reviewer')");
        await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });

        var text = await (await Resident.GetAsync($"/api/topics/{id}")).Content.ReadAsStringAsync();

        Assert.That(text, Does.Contain("审核人员").And.Not.Contain($"\"actorUserId\"").And.Not.Contain("sim_"));
        Assert.That(reviewerId, Is.GreaterThan(0));
    }
}
