using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

/// <summary>
/// Every workflow action × every kind of caller, inside and outside the room's scope, anonymous included.
/// The expectations are written out here, independently of Workflow.Actions, so a wrong rule in the table fails.
/// Each caller acts on a fresh topic prepared in the action's starting state.
/// </summary>
public sealed class PermissionMatrixTests : TopicTest
{
    private const string Unit = "清江浦区住建局";

    public enum Who
    {
        Anonymous, Resident, Proposer, Volunteer, Reviewer, RoomAdmin, Cppcc, Implementer, RegionAdmin,
        OtherVolunteer, OtherReviewer, OtherRoomAdmin, OtherCppcc, OtherImplementer,
    }

    private static readonly Who[] LoggedIn = Enum.GetValues<Who>().Where(w => w != Who.Anonymous).ToArray();

    /// <summary>action → (starting status, who may take it).</summary>
    private static readonly Dictionary<string, (string From, Who[] Allowed)> Expected = new()
    {
        ["accept"] = ("submitted", [Who.Reviewer]),
        ["reject"] = ("submitted", [Who.Reviewer]),
        ["refer"] = ("submitted", [Who.Reviewer]),
        ["merge"] = ("submitted", [Who.Reviewer]),
        ["classify"] = ("announced", [Who.Reviewer, Who.RoomAdmin]),
        ["comment"] = ("announced", LoggedIn),
        ["support"] = ("announced", LoggedIn),
        ["hide_comment"] = ("announced", [Who.RoomAdmin]),
        ["approve_comment"] = ("announced", [Who.RoomAdmin]),
        ["answer_comment"] = ("announced", [Who.Reviewer, Who.RoomAdmin]),
        ["start_research"] = ("announced", [Who.RoomAdmin, Who.Cppcc]),
        ["add_report"] = ("researching", [Who.RoomAdmin, Who.Cppcc]),
        ["schedule_meeting"] = ("announced", [Who.RoomAdmin]),
        ["sign_up"] = ("meeting_scheduled", LoggedIn),
        ["record_minutes"] = ("meeting_scheduled", [Who.RoomAdmin]),
        ["publish_resolution"] = ("deliberated", [Who.RoomAdmin]),
        ["add_task"] = ("resolution_published", [Who.RoomAdmin]),
        ["update_progress"] = ("implementing", [Who.Implementer]),
        ["complete"] = ("implementing", [Who.RoomAdmin]),
        ["evaluate"] = ("completed", LoggedIn),
        ["close"] = ("completed", [Who.RoomAdmin]),
        ["reopen"] = ("completed", [Who.RoomAdmin]),
        ["escalate"] = ("announced", [Who.RoomAdmin, Who.Cppcc]),
    };

    private readonly Dictionary<Who, HttpClient> _clients = [];

    private static IEnumerable<string> Actions() => Workflow.Actions.Select(a => a.Name);

    [Test]
    public void TheMatrixCoversEveryActionOfTheWorkflow() =>
        Assert.That(Expected.Keys, Is.EquivalentTo(Actions()));

    [TestCaseSource(nameof(Actions))]
    public async Task OnlyTheRightPeopleInScopeMayTakeTheAction(string action)
    {
        await CreateCallersAsync();
        var (from, allowed) = Expected[action];
        var failures = new List<string>();
        foreach (var who in Enum.GetValues<Who>())
        {
            var topic = await PrepareAsync(action, from);
            var visible = from != "submitted" || who is Who.Proposer or Who.Reviewer or Who.RoomAdmin or Who.Cppcc or Who.RegionAdmin;
            var expected = who == Who.Anonymous ? HttpStatusCode.Unauthorized
                : !visible ? HttpStatusCode.NotFound
                : allowed.Contains(who) ? (HttpStatusCode?)null
                : HttpStatusCode.Forbidden;

            if (who != Who.Anonymous && visible)
            {
                var view = await ReadJsonAsync(await _clients[who].GetAsync($"/api/topics/{topic.Id}"));
                if (AllowedActions(view).Contains(action) != allowed.Contains(who))
                {
                    failures.Add($"{who}: allowedActions {(allowed.Contains(who) ? "lacks" : "offers")} {action}");
                }
            }

            var before = await ScalarAsync<string>("SELECT CONCAT(status, '/', version) FROM topics WHERE id = @Id", new { topic.Id });
            var response = await _clients[who].PostAsJsonAsync(topic.Path, topic.Body);
            var ok = expected is null ? response.IsSuccessStatusCode : response.StatusCode == expected;
            if (!ok)
            {
                failures.Add($"{who}: expected {(expected?.ToString() ?? "2xx")}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            if (expected is not null && await ScalarAsync<string>("SELECT CONCAT(status, '/', version) FROM topics WHERE id = @Id", new { topic.Id }) != before)
            {
                failures.Add($"{who}: a refused {action} changed the topic");
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    private async Task CreateCallersAsync()
    {
        _clients[Who.Anonymous] = Anonymous;
        _clients[Who.Resident] = (await LoginAsync("neighbour")).Client;
        _clients[Who.Proposer] = Resident;
        _clients[Who.Reviewer] = Reviewer;
        _clients[Who.RoomAdmin] = RoomAdmin;
        _clients[Who.Volunteer] = await LoginWithRoleAsync("volunteer", Roles.Volunteer, VillageCode);
        _clients[Who.Cppcc] = await LoginWithRoleAsync("cppcc", Roles.CppccMember, TownCode);
        _clients[Who.Implementer] = await LoginWithRoleAsync("implementer", Roles.Implementer, "320812", Unit);
        _clients[Who.RegionAdmin] = await LoginWithRoleAsync("county-admin", Roles.RegionAdmin, "320812");
        _clients[Who.OtherVolunteer] = await LoginWithRoleAsync("o-volunteer", Roles.Volunteer, OtherCountyCode);
        _clients[Who.OtherReviewer] = await LoginWithRoleAsync("o-reviewer", Roles.Reviewer, OtherCountyCode);
        _clients[Who.OtherRoomAdmin] = await LoginWithRoleAsync("o-room-admin", Roles.RoomAdmin, OtherCountyCode);
        _clients[Who.OtherCppcc] = await LoginWithRoleAsync("o-cppcc", Roles.CppccMember, OtherCountyCode);
        _clients[Who.OtherImplementer] = await LoginWithRoleAsync("o-implementer", Roles.Implementer, OtherCountyCode, Unit);
    }

    private sealed record Prepared(long Id, string Path, JsonObject Body);

    /// <summary>A topic of the resident's in <paramref name="from"/>, with whatever the action needs (a comment, a meeting, a task...).</summary>
    private async Task<Prepared> PrepareAsync(string action, string from)
    {
        var id = (await SubmitAsync())["id"]!.GetValue<long>();
        var now = Api.Clock.GetUtcNow().UtcDateTime;
        await ExecuteAsync(
            "UPDATE topics SET status = @from, classification = @cls, resolution_text = '决议', resolution_deadline = @deadline WHERE id = @id",
            new { from, id, cls = action == "close" ? "A" : null, deadline = now.AddDays(30) });
        string P(string tail) => $"/api/topics/{id}/{tail}";
        switch (action)
        {
            case "accept": return new(id, P("accept"), new() { ["announcementEndsOn"] = Today(7) });
            case "reject": return new(id, P("reject"), new() { ["criterionId"] = await CriterionIdAsync(), ["reason"] = "不属于议事范围" });
            case "refer": return new(id, P("refer"), new() { ["target"] = "12345 热线" });
            case "merge":
                var target = await AnnouncedTopicAsync();
                return new(id, P("merge"), new() { ["intoTopicId"] = target });
            case "classify": return new(id, P("classify"), new() { ["class"] = "A" });
            case "comment": return new(id, P("comments"), new() { ["stance"] = "support", ["body"] = "我支持尽快解决" });
            case "support": return new(id, P("support"), []);
            case "hide_comment":
            case "approve_comment":
                var comment = await CommentAsync(id, action == "hide_comment" ? "visible" : "held");
                return new(id, P($"comments/{comment}/{(action == "hide_comment" ? "hide" : "approve")}"), new() { ["reason"] = "含不文明用语" });
            case "answer_comment": return new(id, P($"comments/{await CommentAsync(id, "visible")}/answer"), new() { ["text"] = "路灯已报修，本周内更换。" });
            case "start_research": return new(id, P("research"), []);
            case "add_report": return new(id, P("reports"), new() { ["title"] = "调研报告", ["body"] = "走访了二十户居民。", ["authorUnit"] = "区政协" });
            case "schedule_meeting":
                return new(id, P("meetings"), new()
                {
                    ["mode"] = "offline", ["startsAt"] = Api.Clock.GetUtcNow().AddHours(2).ToString("O"), ["place"] = "议事室", ["convener"] = "张书记", ["capacity"] = 20,
                });
            case "sign_up": return new(id, P($"meetings/{await MeetingAsync(id, now.AddHours(2))}/signups"), new() { ["attendMode"] = "offline" });
            case "record_minutes": return new(id, P($"meetings/{await MeetingAsync(id, now.AddMinutes(-30))}/minutes"), new() { ["minutes"] = "会议纪要" });
            case "publish_resolution": return new(id, P("resolution"), new() { ["text"] = "由物业更换路灯", ["deadline"] = Today(30) });
            case "add_task": return new(id, P("tasks"), new() { ["title"] = "更换路灯", ["leadPerson"] = "李工", ["unit"] = Unit, ["dueOn"] = Today(14) });
            case "update_progress": return new(id, P($"tasks/{await TaskAsync(id, 40)}/progress"), new() { ["progress"] = 60, ["note"] = "已采购灯具" });
            case "complete":
                await TaskAsync(id, 100);
                return new(id, P("complete"), new() { ["result"] = "路灯已全部更换" });
            case "evaluate": return new(id, P("evaluations"), new() { ["solved"] = true, ["satisfied"] = true });
            case "close": return new(id, P("close"), new() { ["note"] = "办结" });
            case "reopen": return new(id, P("reopen"), new() { ["reason"] = "居民反映仍未解决" });
            case "escalate": return new(id, P("escalate"), new() { ["kind"] = "npc_proposal", ["target"] = "区人大常委会" });
            default: throw new ArgumentOutOfRangeException(nameof(action), action, "no preparation written for this action");
        }
    }

    private static async Task<long> CommentAsync(long topicId, string moderation)
    {
        await ExecuteAsync(
            "INSERT INTO topic_comments (topic_id, user_id, stance, body, moderation, created_at) SELECT @topicId, id, 'doubt', '评论内容', @moderation, NOW(3) FROM users WHERE openid = @openId",
            new { topicId, moderation, openId = MaShangYi.Api.Infrastructure.WeChat.SimulatedWeChatClient.OpenIdFor("resident") });
        return await ScalarAsync<long>("SELECT MAX(id) FROM topic_comments");
    }

    private static async Task<long> MeetingAsync(long topicId, DateTime startsAt)
    {
        await ExecuteAsync(
            """
            INSERT INTO meetings (topic_id, round, room_id, region_l1, region_l2, region_l3, region_l4, mode, starts_at, place, convener, capacity, created_at)
            SELECT id, round, room_id, region_l1, region_l2, region_l3, region_l4, 'offline', @startsAt, '议事室', '张书记', 20, NOW(3) FROM topics WHERE id = @topicId;
            """,
            new { topicId, startsAt });
        return await ScalarAsync<long>("SELECT MAX(id) FROM meetings");
    }

    private static async Task<long> TaskAsync(long topicId, int progress)
    {
        await ExecuteAsync(
            """
            INSERT INTO tasks (topic_id, round, title, lead_person, unit, due_on, progress, created_at, updated_at) VALUES (@topicId, 1, '更换路灯', '李工', @Unit, @due, @progress, NOW(3), NOW(3));
            """,
            new { topicId, Unit, due = Api.Clock.GetUtcNow().UtcDateTime.AddDays(14), progress });
        return await ScalarAsync<long>("SELECT MAX(id) FROM tasks");
    }
}
