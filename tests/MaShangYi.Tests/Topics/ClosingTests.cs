using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Topics;

public sealed class ClosingTests : ImplementationTest
{
    private static readonly object Result = new { result = "路灯已全部更换，夜间照明恢复。" };

    [Test]
    public async Task TheRoomAdminPublishesTheResultOnceEveryTaskIsDone()
    {
        var (id, taskId) = await ImplementingTopicAsync();
        Assert.That(AllowedActions(await GetTopicAsync(RoomAdmin, id)), Does.Not.Contain("complete"));
        var topic = await ReportOkAsync(Implementer, id, taskId, 100);
        Assert.That(AllowedActions(await GetTopicAsync(RoomAdmin, id)), Does.Contain("complete"));

        topic = await ActAsync(RoomAdmin, id, "complete", Result);

        Assert.That(Status(topic), Is.EqualTo("completed"));
        Assert.That(topic["result"]!.GetValue<string>(), Is.EqualTo("路灯已全部更换，夜间照明恢复。"));
        Assert.That(await ScalarAsync<string>("SELECT result_text FROM topics WHERE id = @id", new { id }), Is.EqualTo("路灯已全部更换，夜间照明恢复。"));
        Assert.That(topic["timeline"]!.AsArray().Last()!["note"]!.GetValue<string>(), Is.EqualTo("路灯已全部更换，夜间照明恢复。"));
        Assert.That(AllowedActions(await GetTopicAsync(Resident, id)), Does.Contain("evaluate"));
    }

    [Test]
    public async Task AResultWithATaskStillOpenIs422AndChangesNothing()
    {
        var (id, taskId) = await ImplementingTopicAsync();
        await ReportOkAsync(Implementer, id, taskId, 90);

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/complete", Result);

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "action_precondition_failed");
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("1 项"));
        Assert.That(await ScalarAsync<string>("SELECT CONCAT(status, '|', COALESCE(result_text, '-')) FROM topics WHERE id = @id", new { id }), Is.EqualTo("implementing|-"));
    }

    [Test]
    public async Task OnlyTheRoomAdminOverTheRoomPublishesTheResult()
    {
        var (id, taskId) = await ImplementingTopicAsync();
        await ReportOkAsync(Implementer, id, taskId, 100);
        var otherCountyAdmin = await LoginWithRoleAsync("x", Roles.RoomAdmin, OtherCountyCode);

        await AssertProblemAsync(await Anonymous.PostAsJsonAsync($"/api/topics/{id}/complete", Result), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await Resident.PostAsJsonAsync($"/api/topics/{id}/complete", Result), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await Implementer.PostAsJsonAsync($"/api/topics/{id}/complete", Result), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await otherCountyAdmin.PostAsJsonAsync($"/api/topics/{id}/complete", Result), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{await AnnouncedTopicAsync()}/complete", Result), HttpStatusCode.Conflict, "invalid_transition");
        var empty = await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/complete", new { result = " " }), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(empty["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "result" }));

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE status = 'completed' OR result_text IS NOT NULL"), Is.Zero);
    }

    [Test]
    public async Task TheProposerAndNeighboursEvaluateOnceEach()
    {
        var id = await CompletedTopicAsync();
        var (neighbour, neighbourId) = await LoginAsync("neighbour");

        var mine = await Resident.PostAsJsonAsync($"/api/topics/{id}/evaluations", new { solved = true, satisfied = true, comment = "晚上出门亮堂多了" });
        var theirs = await neighbour.PostAsJsonAsync($"/api/topics/{id}/evaluations", new { solved = true, satisfied = false });

        Assert.That(mine.StatusCode, Is.EqualTo(HttpStatusCode.Created), await mine.Content.ReadAsStringAsync());
        Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var summary = (await ReadJsonAsync(theirs))["evaluations"]!;
        Assert.That(summary["count"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(summary["satisfied"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(summary["proposer"]!["comment"]!.GetValue<string>(), Is.EqualTo("晚上出门亮堂多了"));
        Assert.That(summary["mine"]!["satisfied"]!.GetValue<bool>(), Is.False);
        var rows = await QueryAsync<(long UserId, bool IsProposer, int Round)>("SELECT user_id, is_proposer, round FROM evaluations ORDER BY id");
        Assert.That(rows, Is.EqualTo(new[] { (ResidentId, true, 1), (neighbourId, false, 1) }));

        Assert.That(AllowedActions(await GetTopicAsync(Resident, id)), Does.Not.Contain("evaluate"), "once a round");
        var (latecomer, _) = await LoginAsync("latecomer");
        Assert.That(AllowedActions(await GetTopicAsync(latecomer, id)), Does.Contain("evaluate"));

        var again = await Resident.PostAsJsonAsync($"/api/topics/{id}/evaluations", new { solved = false, satisfied = false });
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "already_evaluated");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM evaluations"), Is.EqualTo(2));
        Assert.That(await ScalarAsync<bool>("SELECT solved FROM evaluations WHERE user_id = @ResidentId", new { ResidentId }), Is.True);
    }

    [Test]
    public async Task EvaluationIsForLoggedInUsersOnceTheResultIsOut()
    {
        var (id, _) = await ImplementingTopicAsync();

        await AssertProblemAsync(await Anonymous.PostAsJsonAsync($"/api/topics/{id}/evaluations", new { solved = true, satisfied = true }), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await Resident.PostAsJsonAsync($"/api/topics/{id}/evaluations", new { solved = true, satisfied = true }), HttpStatusCode.Conflict, "invalid_transition");

        Assert.That(AllowedActions(await GetTopicAsync(Resident, id)), Does.Not.Contain("evaluate"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM evaluations"), Is.Zero);
    }

    [Test]
    public async Task ARiskyCommentIsRefusedAndOneToBeReviewedIsShownOnlyToItsAuthor()
    {
        var id = await CompletedTopicAsync();

        var risky = await Resident.PostAsJsonAsync($"/api/topics/{id}/evaluations", new { solved = false, satisfied = false, comment = "测试违规词" });
        await AssertProblemAsync(risky, HttpStatusCode.UnprocessableEntity, "content_risky");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM evaluations"), Is.Zero);

        var held = await Resident.PostAsJsonAsync($"/api/topics/{id}/evaluations", new { solved = false, satisfied = false, comment = "测试待审词" });
        Assert.That(held.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await ScalarAsync<string>("SELECT moderation FROM evaluations"), Is.EqualTo("held"));
        Assert.That((await GetTopicAsync(Resident, id))["evaluations"]!["mine"]!["comment"]!.GetValue<string>(), Is.EqualTo("测试待审词"));
        var forOthers = (await GetTopicAsync(Anonymous, id))["evaluations"]!["proposer"]!;
        Assert.That(forOthers["comment"], Is.Null);
        Assert.That(forOthers["solved"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task BadEvaluationInputListsEveryFieldAndWritesNothing()
    {
        var id = await CompletedTopicAsync();

        var response = await Resident.PostAsJsonAsync($"/api/topics/{id}/evaluations", new { comment = new string('好', 501) });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "solved", "satisfied", "comment" }));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM evaluations"), Is.Zero);
    }

    [Test]
    public async Task ACompletedAndClassifiedTopicIsClosed()
    {
        var id = await CompletedTopicAsync();
        Assert.That(AllowedActions(await GetTopicAsync(RoomAdmin, id)), Does.Not.Contain("close"), "not before it is classified");
        var unclassified = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/close", new { });
        await AssertProblemAsync(unclassified, HttpStatusCode.UnprocessableEntity, "action_precondition_failed");
        await ActAsync(RoomAdmin, id, "classify", new { @class = "A" });
        Assert.That(AllowedActions(await GetTopicAsync(RoomAdmin, id)), Does.Contain("close"));

        var topic = await ActAsync(RoomAdmin, id, "close", new { note = "居民满意" });

        Assert.That(Status(topic), Is.EqualTo("closed"));
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("closed"));
        Assert.That(topic["timeline"]!.AsArray().Last()!["note"]!.GetValue<string>(), Is.EqualTo("居民满意"));
        Assert.That(AllowedActions(topic), Does.Not.Contain("close").And.Not.Contain("reopen"));
    }

    [Test]
    public async Task BeforeTheResultOnlyClassCIsClosedDirectly()
    {
        var (id, _) = await ImplementingTopicAsync();
        await ActAsync(RoomAdmin, id, "classify", new { @class = "A" });

        await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/close", new { }), HttpStatusCode.UnprocessableEntity, "action_precondition_failed");
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("implementing"));

        await ActAsync(RoomAdmin, id, "classify", new { @class = "C", note = "涉及规划调整，超出社区职权" });
        var topic = await ActAsync(RoomAdmin, id, "close", new { });
        Assert.That(Status(topic), Is.EqualTo("closed"));
        Assert.That(topic["classification"]!["note"]!.GetValue<string>(), Is.EqualTo("涉及规划调整，超出社区职权"));
    }

    [Test]
    public async Task OnlyTheRoomAdminOverTheRoomClosesAndOnlyFromAnOpenState()
    {
        var id = await CompletedTopicAsync();
        await ActAsync(RoomAdmin, id, "classify", new { @class = "A" });
        var otherCountyAdmin = await LoginWithRoleAsync("x", Roles.RoomAdmin, OtherCountyCode);

        await AssertProblemAsync(await Anonymous.PostAsJsonAsync($"/api/topics/{id}/close", new { }), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await Resident.PostAsJsonAsync($"/api/topics/{id}/close", new { }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await otherCountyAdmin.PostAsJsonAsync($"/api/topics/{id}/close", new { }), HttpStatusCode.Forbidden, "forbidden");
        var tooLong = await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/close", new { note = new string('长', 501) }), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(tooLong["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "note" }));
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("completed"));

        await ActAsync(RoomAdmin, id, "close", new { });
        await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/close", new { }), HttpStatusCode.Conflict, "invalid_transition");
    }
}
