using System.Net;
using System.Text.Json.Nodes;
using MaShangYi.Api.Features.Statistics;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Tests.Topics;

namespace MaShangYi.Tests.Statistics;

/// <summary>Base for statistics tests: a known dataset built through the API, and readers for the statistics endpoints.</summary>
public abstract class StatisticsTest : MeetingTest
{
    protected const string CityCode = "320800";
    protected const string CountyCode = "320812";
    protected const string Unit = "清江浦区住建局";

    /// <summary>
    /// Eight topics. In the village room (county 320812): one through every stage to closed A with one meeting and three
    /// evaluations (the proposer: solved but not satisfied; a neighbour: solved and satisfied; a passer-by: neither), three
    /// classified C straight after acceptance (two of them closed), one escalated and closed as B, one rejected ten minutes
    /// after submission, one never reviewed. In a room of county 320803: one accepted and classified A (not closed) over two
    /// hours after submission. Rules that could be confused give different answers here: closed vs closed A vs class A,
    /// class A vs B vs C (2, 1, 3), satisfied vs solved, the proposer's evaluation vs everyone's, reviewed vs accepted.
    /// The closed A topic had two doubts, both answered (one answer corrected), and a suggestion answered: 2 doubts answered.
    /// </summary>
    protected async Task BuildDatasetAsync()
    {
        var implementer = await LoginWithRoleAsync("implementer", Roles.Implementer, CountyCode, Unit);
        var (neighbour, _) = await LoginAsync("neighbour");
        var (passerBy, _) = await LoginAsync("passer-by");
        var rejected = (await SubmitAsync(title: "想在小区里养鸡"))["id"]!.GetValue<long>();
        var unreviewed = (await SubmitAsync(title: "垃圾桶太少"))["id"]!.GetValue<long>();
        var elsewhere = (await SubmitAsync(roomId: OtherCountyRoomId, title: "公交站没有遮雨棚"))["id"]!.GetValue<long>();
        Assert.That(unreviewed, Is.GreaterThan(0));

        var id = await AnnouncedTopicAsync();
        await AnswerAsync(id, neighbour, "doubt", "电费谁出？", "由物业支出。", "更正：由物业从公共收益中支出。");
        await AnswerAsync(id, passerBy, "doubt", "会不会影响停车？", "施工只占一个车位。");
        await AnswerAsync(id, passerBy, "suggestion", "建议装太阳能灯。", "已转告物业评估。");
        var (_, meetingId) = await ScheduleAsync(id, OfflineMeeting(inHours: 0.1));
        Api.Clock.Advance(TimeSpan.FromMinutes(10));
        await ActAsync(RoomAdmin, id, $"meetings/{meetingId}/minutes", new { minutes = "同意由住建局在两周内更换路灯。" });
        await ActAsync(RoomAdmin, id, "resolution", new { text = "两周内更换三号楼前路灯。", deadline = Today(14) });
        var withTask = await ActAsync(RoomAdmin, id, "tasks", new { title = "更换路灯", leadPerson = "李工", unit = Unit, dueOn = Today(14) });
        var taskId = withTask["tasks"]!.AsArray().Single()!["id"]!.GetValue<long>();
        await ActAsync(implementer, id, $"tasks/{taskId}/progress", new { progress = 100, note = "已更换完毕" });
        await ActAsync(RoomAdmin, id, "complete", new { result = "两盏路灯已更换。" });
        await ActAsync(Resident, id, "evaluations", new { solved = true, satisfied = false, comment = "修得太慢" });
        await ActAsync(neighbour, id, "evaluations", new { solved = true, satisfied = true });
        await ActAsync(passerBy, id, "evaluations", new { solved = false, satisfied = false, comment = "还有一盏不亮" });
        await ActAsync(RoomAdmin, id, "classify", new { @class = "A" });
        await ActAsync(RoomAdmin, id, "close", new { note = "办结" });

        await ActAsync(Reviewer, rejected, "reject", new { criterionId = await CriterionIdAsync(), reason = "不属于公共事务" });

        foreach (var close in new[] { true, true, false })
        {
            var classC = await AnnouncedTopicAsync();
            await ActAsync(RoomAdmin, classC, "classify", new { @class = "C", note = "涉及私人产权，不予办理" });
            if (close)
            {
                await ActAsync(RoomAdmin, classC, "close", new { note = "办结" });
            }
        }

        var classB = await AnnouncedTopicAsync();
        await ActAsync(RoomAdmin, classB, "escalate", new { kind = "npc_proposal", target = "区人大常委会" });
        await ActAsync(RoomAdmin, classB, "classify", new { @class = "B", nextReviewOn = Today(30) });
        await ActAsync(RoomAdmin, classB, "close", new { note = "已转人大建议" });

        // Tokens last 30 minutes: two hours later the reviewer logs in again, as the mini program would. (The test clock is
        // shared by the whole run and only moves forward, so tests move it as little as they can.)
        Api.Clock.Advance(TimeSpan.FromHours(2));
        var cityReviewer = await LoginWithRoleAsync("city-reviewer", Roles.Reviewer, CityCode);
        await ActAsync(cityReviewer, elsewhere, "accept", new { announcementEndsOn = Today(7), classification = new { @class = "A" } });
    }

    /// <summary>A comment of <paramref name="stance"/> answered by the room admin once per text of <paramref name="answers"/> (later ones correct it).</summary>
    private async Task AnswerAsync(long topicId, HttpClient commenter, string stance, string body, params string[] answers)
    {
        var comment = await ActAsync(commenter, topicId, "comments", new { stance, body });
        foreach (var text in answers)
        {
            await ActAsync(RoomAdmin, topicId, $"comments/{comment["id"]!.GetValue<long>()}/answer", new { text });
        }
    }

    /// <summary>Moves the test clock just past the next Beijing midnight (at most a day): tomorrow becomes today.</summary>
    protected static void PastBeijingMidnight()
    {
        var now = Api.Clock.GetUtcNow();
        var midnight = new DateTimeOffset(now.Year, now.Month, now.Day, 16, 1, 0, TimeSpan.Zero);
        Api.Clock.Advance((midnight > now ? midnight : midnight.AddDays(1)) - now);
    }

    /// <summary>A period wide enough for everything a test made (the test clock may cross a Beijing midnight).</summary>
    protected static string Period => $"from={Today(-7)}&to={Today(1)}";

    protected async Task<JsonObject> StatisticsAsync(string regionCode, string? query = null)
    {
        var response = await Anonymous.GetAsync($"/api/regions/{await RegionIdAsync(regionCode)}/statistics?{query ?? Period}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    protected static long Count(JsonNode? figures, string name) => figures![name]!.GetValue<long>();

    protected static double? Rate(JsonNode? figures, string name) => figures![name]?.GetValue<double>();

    protected static JsonNode Child(JsonObject report, string code) =>
        report["children"]!.AsArray().Single(c => c!["code"]!.GetValue<string>() == code)!["figures"]!;

    /// <summary>Every row of the rollup tables, in key order, as text: to compare the incremental figures with a rebuild.</summary>
    protected static async Task<string> RollupSnapshotAsync()
    {
        var parts = new List<string>();
        foreach (var table in new[] { "stats_region_day", "stats_region_month" })
        {
            parts.AddRange(await QueryAsync<string>(
                $"SELECT CONCAT_WS(',', region_id, day, category_id, {StatColumns.List}) FROM {table} ORDER BY region_id, day, category_id"));
        }

        parts.AddRange(await QueryAsync<string>("SELECT CONCAT_WS(',', topic_id, status, classification, reviewed_at) FROM stats_topics ORDER BY topic_id"));
        parts.AddRange(await QueryAsync<string>("SELECT CONCAT_WS(',', task_id, topic_id, region_l1, region_l2, region_l3, region_l4, due_on) FROM stats_open_tasks ORDER BY task_id"));
        return string.Join('\n', parts);
    }

    protected static async Task RebuildAsync(DateOnly? from = null, DateOnly? to = null)
    {
        using var scope = Api.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<StatisticsRebuild>().RunAsync(from, to, CancellationToken.None);
    }
}
