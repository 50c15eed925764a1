using System.Net;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Tests.Topics;

namespace MaShangYi.Tests.Board;

/// <summary>
/// Builds a room with topics at every stage of the board, over HTTP as in FullPathTests, plus topics that must never
/// show: one under review, one rejected and a volunteer-entered one naming the resident.
/// </summary>
public abstract class BoardTest : MeetingTest
{
    protected const string Unit = "清江浦区住建局";
    protected const string VolunteerEnteredName = "王秀英";
    protected const string VolunteerEnteredPhone = "13812345678";

    protected static Task<string> SceneAsync(long roomId) => ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @roomId", new { roomId });

    protected async Task<(HttpResponseMessage Response, string Html)> GetPageAsync(string url, HttpClient? client = null)
    {
        var response = await (client ?? Anonymous).GetAsync(url);
        return (response, await response.Content.ReadAsStringAsync());
    }

    protected async Task<long> TopicAsync(string title, long? roomId = null, HttpClient? client = null, object? extra = null) =>
        (await SubmitAsync(client, roomId, title, extra: extra))["id"]!.GetValue<long>();

    protected async Task<long> AnnouncedAsync(string title, long? roomId = null)
    {
        var id = await TopicAsync(title, roomId);
        await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });
        return id;
    }

    /// <summary>Deliberates several announced topics at once: one meeting each, one move of the clock (tokens last 30 minutes), minutes.</summary>
    protected async Task DeliberateAsync(params long[] ids)
    {
        var meetings = new List<(long Topic, long Meeting)>();
        foreach (var id in ids)
        {
            meetings.Add((id, (await ScheduleAsync(id, OfflineMeeting(inHours: 0.1))).MeetingId));
        }

        Api.Clock.Advance(TimeSpan.FromMinutes(10));
        foreach (var (topic, meeting) in meetings)
        {
            await ActAsync(RoomAdmin, topic, $"meetings/{meeting}/minutes", new { minutes = "与会各方达成一致。" });
        }
    }

    /// <summary>A deliberated topic gets a resolution and a task, and the implementer reports progress.</summary>
    protected async Task ImplementAsync(long id, HttpClient implementer, string resolution, string task, int dueInDays, int progress)
    {
        await ActAsync(RoomAdmin, id, "resolution", new { text = resolution, deadline = Today(dueInDays) });
        var withTask = await ActAsync(RoomAdmin, id, "tasks", new { title = task, leadPerson = "李工", unit = Unit, dueOn = Today(dueInDays) });
        var taskId = withTask["tasks"]!.AsArray().Max(t => t!["id"]!.GetValue<long>());
        if (progress > 0)
        {
            await ActAsync(implementer, id, $"tasks/{taskId}/progress", new { progress, note = "正在施工" });
        }
    }

    protected Task<HttpClient> ImplementerAsync() => LoginWithRoleAsync("implementer", Roles.Implementer, "320812", Unit);

    protected Task<HttpClient> VolunteerAsync() => LoginWithRoleAsync("volunteer", Roles.Volunteer, VillageCode);

    /// <summary>
    /// The demo room with: announced (supported, commented), a published resolution, two tasks (one to become overdue),
    /// a closed A with its result, a closed C with its note; and never-public ones. Returns the scene.
    /// </summary>
    protected async Task<string> RoomWithEveryStageAsync()
    {
        var implementer = await ImplementerAsync();
        var announced = await AnnouncedAsync("小区路灯不亮");
        await ActAsync(Resident, announced, "support", new { });
        await ActAsync(Resident, announced, "comments", new { stance = "suggestion", body = "建议换成节能灯" });

        var resolved = await AnnouncedAsync("健身器材老化");
        var implementing = await AnnouncedAsync("三号楼前积水");
        var late = await AnnouncedAsync("垃圾分类亭破损");
        var closedA = await AnnouncedAsync("楼道堆放杂物");
        await DeliberateAsync(resolved, implementing, late, closedA);
        await ActAsync(RoomAdmin, resolved, "resolution", new { text = "一个月内更新健身器材。", deadline = Today(30) });
        await ImplementAsync(implementing, implementer, "两周内疏通排水管。", "疏通排水管", 14, 60);
        await ImplementAsync(late, implementer, "修好垃圾分类亭。", "维修垃圾分类亭", 1, 20);
        await ImplementAsync(closedA, implementer, "清理楼道杂物。", "清理楼道", 7, 100);
        await ActAsync(RoomAdmin, closedA, "complete", new { result = "楼道杂物已全部清理。" });
        await ActAsync(RoomAdmin, closedA, "classify", new { @class = "A" });
        await ActAsync(RoomAdmin, closedA, "close", new { });

        var closedC = await AnnouncedAsync("小区门口修建停车场");
        await ActAsync(RoomAdmin, closedC, "classify", new { @class = "C", note = "涉及规划调整，非本级职权。" });
        await ActAsync(RoomAdmin, closedC, "close", new { });

        await TopicAsync("还在审题的议题");
        var rejected = await TopicAsync("被驳回的议题");
        await ActAsync(Reviewer, rejected, "reject", new { criterionId = await CriterionIdAsync(), reason = "属于物业合同纠纷" });
        var proxied = await TopicAsync("志愿者代提的议题", client: await VolunteerAsync(),
            extra: new { onBehalfOf = new { name = VolunteerEnteredName, phone = VolunteerEnteredPhone } });
        await ActAsync(Reviewer, proxied, "accept", new { announcementEndsOn = Today(7) });

        await MakeLateAsync("维修垃圾分类亭", days: 3); // due tomorrow, now two days late
        return await SceneAsync(RoomId);
    }

    /// <summary>
    /// Moves a task's due date back instead of the clock forward: the test clock is shared by the whole run and only
    /// moves forward, and days spent here would push other tests' dates across the year's end.
    /// </summary>
    protected static Task MakeLateAsync(string taskTitle, int days) =>
        ExecuteAsync("UPDATE tasks k JOIN topics t ON t.id = k.topic_id SET k.due_on = DATE_SUB(k.due_on, INTERVAL @days DAY) WHERE k.title = @taskTitle", new { taskTitle, days });

    protected static void AssertHtml(HttpResponseMessage response, string html, HttpStatusCode status)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status), html);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(response.Content.Headers.ContentType?.CharSet, Is.EqualTo("utf-8"));
        Assert.That(html, Does.StartWith("<!DOCTYPE html>").And.Contain("lang=\"zh-CN\""));
    }
}
