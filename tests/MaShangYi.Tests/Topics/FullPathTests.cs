using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Topics;

/// <summary>Whole paths through the four stages, over HTTP only, the way the mini program drives them.</summary>
public sealed class FullPathTests : MeetingTest
{
    private const string Unit = "清江浦区住建局";

    private static string[] Statuses(JsonObject topic) =>
        topic["timeline"]!.AsArray().Select(e => e!["toStatus"]!.GetValue<string>()).ToArray();

    /// <summary>Drives an announced topic through research, a meeting, a resolution and a task to completion.</summary>
    private async Task<JsonObject> ToCompletedAsync(long id, HttpClient implementer)
    {
        var cppcc = await LoginWithRoleAsync("cppcc", Roles.CppccMember, TownCode);
        await ActAsync(cppcc, id, "research", new { note = "入户走访" });
        await ActAsync(cppcc, id, "reports", new { title = "路灯调研", body = "三号楼前有两盏路灯损坏。", authorUnit = "区政协" });
        var (_, meetingId) = await ScheduleAsync(id, OfflineMeeting(inHours: 0.1));
        await ActAsync(Resident, id, $"meetings/{meetingId}/signups", new { attendMode = "offline" });
        Api.Clock.Advance(TimeSpan.FromMinutes(10));
        await ActAsync(RoomAdmin, id, $"meetings/{meetingId}/minutes", new { minutes = "同意由住建局在两周内更换路灯。" });
        await ActAsync(RoomAdmin, id, "resolution", new { text = "两周内更换三号楼前路灯。", deadline = Today(14) });
        var withTask = await ActAsync(RoomAdmin, id, "tasks", new { title = "更换路灯", leadPerson = "李工", unit = Unit, dueOn = Today(14) });
        var taskId = withTask["tasks"]!.AsArray().Single()!["id"]!.GetValue<long>();
        await ActAsync(implementer, id, $"tasks/{taskId}/progress", new { progress = 100, note = "已更换完毕" });
        return await ActAsync(RoomAdmin, id, "complete", new { result = "两盏路灯已更换，夜间照明恢复。" });
    }

    [Test]
    public async Task AcceptedResearchedDeliberatedResolvedImplementedEvaluatedAndClosedA()
    {
        var implementer = await LoginWithRoleAsync("implementer", Roles.Implementer, "320812", Unit);
        var id = await AnnouncedTopicAsync();
        await ActAsync(Resident, id, "support", new { });
        await ActAsync(Resident, id, "comments", new { stance = "suggestion", body = "建议换成节能灯" });

        var completed = await ToCompletedAsync(id, implementer);
        await ActAsync(Resident, id, "evaluations", new { solved = true, satisfied = true, comment = "谢谢" });
        await ActAsync(RoomAdmin, id, "classify", new { @class = "A" });
        var closed = await ActAsync(RoomAdmin, id, "close", new { note = "办结" });

        Assert.That(Status(completed), Is.EqualTo("completed"));
        Assert.That(Status(closed), Is.EqualTo("closed"));
        Assert.That(Statuses(closed), Is.EqualTo(new[]
        {
            "submitted", "announced", "researching", "researching", "meeting_scheduled", "deliberated", "resolution_published",
            "implementing", "implementing", "completed", "completed", "closed",
        }));
        Assert.That(closed["evaluations"]!["proposer"]!["satisfied"]!.GetValue<bool>(), Is.True);
        Assert.That(closed["result"]!.GetValue<string>(), Does.Contain("路灯已更换"));
        Assert.That(AllowedActions(closed), Is.EqualTo(new[] { "classify", "hide_comment", "approve_comment", "answer_comment" }), "a closed topic is only reclassified, moderated or its comments answered");
    }

    [Test]
    public async Task RejectedReferredAndMergedTopicsEndThereWithTheirReasonsForTheProposer()
    {
        var announced = await AnnouncedTopicAsync();
        var rejected = (await SubmitAsync())["id"]!.GetValue<long>();
        var referred = (await SubmitAsync())["id"]!.GetValue<long>();
        var merged = (await SubmitAsync())["id"]!.GetValue<long>();

        var r1 = await ActAsync(Reviewer, rejected, "reject", new { criterionId = await CriterionIdAsync(), reason = "属于物业合同纠纷" });
        var r2 = await ActAsync(Reviewer, referred, "refer", new { target = "12345 热线", reference = "GD001" });
        var r3 = await ActAsync(Reviewer, merged, "merge", new { intoTopicId = announced });

        Assert.That(new[] { Status(r1), Status(r2), Status(r3) }, Is.EqualTo(new[] { "rejected", "referred", "merged" }));
        foreach (var id in new[] { rejected, referred, merged })
        {
            var mine = await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{id}"));
            Assert.That(AllowedActions(mine), Is.Empty, "nothing more happens to it");
        }
    }

    [Test]
    public async Task AMatterBeyondTheRoomIsEscalatedAndTheProposerSeesWhereItWent()
    {
        var id = await AnnouncedTopicAsync();

        await ActAsync(RoomAdmin, id, "escalate", new { kind = "cppcc_proposal", target = "市政协", reference = "提案 2026-118" });

        var mine = await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{id}"));
        Assert.That(Status(mine), Is.EqualTo("escalated"));
        Assert.That(mine["escalation"]!["kindName"]!.GetValue<string>(), Is.EqualTo("政协提案"));
        Assert.That(mine["escalation"]!["reference"]!.GetValue<string>(), Is.EqualTo("提案 2026-118"));
    }

    [Test]
    public async Task AnUnsolvedOutcomeIsReopenedForASecondRoundThenClosedWithBothRoundsOnRecord()
    {
        var implementer = await LoginWithRoleAsync("implementer", Roles.Implementer, "320812", Unit);
        var id = await AnnouncedTopicAsync();
        await ToCompletedAsync(id, implementer);
        await ActAsync(Resident, id, "evaluations", new { solved = false, satisfied = false, comment = "还有一盏没修" });

        var reopened = await ActAsync(RoomAdmin, id, "reopen", new { reason = "居民反映仍有一盏未修" });
        Assert.That(reopened["round"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(AllowedActions(reopened), Does.Contain("start_research").And.Contain("schedule_meeting"));

        var (_, meetingId) = await ScheduleAsync(id, OfflineMeeting(inHours: 0.1));
        Api.Clock.Advance(TimeSpan.FromMinutes(10));
        await ActAsync(RoomAdmin, id, $"meetings/{meetingId}/minutes", new { minutes = "第二轮：补修最后一盏。" });
        await ActAsync(RoomAdmin, id, "resolution", new { text = "一周内补修。", deadline = Today(7) });
        var withTask = await ActAsync(RoomAdmin, id, "tasks", new { title = "补修路灯", leadPerson = "李工", unit = Unit, dueOn = Today(7) });
        var taskId = withTask["tasks"]!.AsArray().Single(t => t!["round"]!.GetValue<int>() == 2)!["id"]!.GetValue<long>();
        await ActAsync(implementer, id, $"tasks/{taskId}/progress", new { progress = 100, note = "补修完成" });
        await ActAsync(RoomAdmin, id, "complete", new { result = "全部修复" });
        await ActAsync(Resident, id, "evaluations", new { solved = true, satisfied = true });
        await ActAsync(RoomAdmin, id, "classify", new { @class = "A" });
        var closed = await ActAsync(RoomAdmin, id, "close", new { });

        Assert.That(Status(closed), Is.EqualTo("closed"));
        var rounds = closed["timeline"]!.AsArray().Select(e => e!["round"]!.GetValue<int>()).Distinct();
        Assert.That(rounds, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(closed["tasks"]!.AsArray().Select(t => t!["round"]!.GetValue<int>()), Is.EquivalentTo(new[] { 1, 2 }));
        Assert.That(closed["timeline"]!.AsArray().Count(e => e!["action"]!.GetValue<string>() == "complete"), Is.EqualTo(2));
    }

    [Test]
    public async Task AMatterThatWillNotBeHandledIsClassifiedCWithItsExplanationAndClosed()
    {
        var id = await AnnouncedTopicAsync();

        var refused = await Reviewer.PostAsync($"/api/topics/{id}/close", System.Net.Http.Json.JsonContent.Create(new { }));
        await ActAsync(Reviewer, id, "classify", new { @class = "C", note = "涉及规划调整，非本级职权。" });
        var closed = await ActAsync(RoomAdmin, id, "close", new { note = "C 类办结" });

        Assert.That((int)refused.StatusCode, Is.EqualTo(403));
        Assert.That(Status(closed), Is.EqualTo("closed"));
        var mine = await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{id}"));
        Assert.That(mine["classification"]!["class"]!.GetValue<string>(), Is.EqualTo("C"));
        Assert.That(mine["classification"]!["note"]!.GetValue<string>(), Is.EqualTo("涉及规划调整，非本级职权。"));
    }

    [Test]
    public async Task ClosingWithoutAClassOrBeforeCompletionUnlessCIsRefusedWithTheReason()
    {
        var id = await AnnouncedTopicAsync();

        var noClass = await RoomAdmin.PostAsync($"/api/topics/{id}/close", System.Net.Http.Json.JsonContent.Create(new { }));
        await ActAsync(RoomAdmin, id, "classify", new { @class = "A" });
        var notDone = await RoomAdmin.PostAsync($"/api/topics/{id}/close", System.Net.Http.Json.JsonContent.Create(new { }));

        var p1 = await AssertProblemAsync(noClass, System.Net.HttpStatusCode.UnprocessableEntity, "action_precondition_failed");
        var p2 = await AssertProblemAsync(notDone, System.Net.HttpStatusCode.UnprocessableEntity, "action_precondition_failed");
        Assert.That(p1["detail"]!.GetValue<string>(), Does.Contain("分类"));
        Assert.That(p2["detail"]!.GetValue<string>(), Does.Contain("C 类"));
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("announced"));
    }
}
