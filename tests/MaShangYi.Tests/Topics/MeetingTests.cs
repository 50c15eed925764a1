using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Topics;

public sealed class MeetingTests : MeetingTest
{
    [Test]
    public async Task TheRoomAdminSchedulesAnOfflineMeetingWithInvitedPartiesAndTheTopicAwaitsDeliberation()
    {
        var id = await AnnouncedTopicAsync();

        var (topic, meetingId) = await ScheduleAsync(id);

        Assert.That(Status(topic), Is.EqualTo("meeting_scheduled"));
        var meeting = MeetingOf(topic, meetingId);
        Assert.That(meeting["mode"]!.GetValue<string>(), Is.EqualTo("offline"));
        Assert.That(meeting["place"]!.GetValue<string>(), Is.EqualTo("柳树湾社区议事室"));
        Assert.That(meeting["capacity"]!.GetValue<int>(), Is.EqualTo(30));
        Assert.That(meeting["participants"]!.AsArray().Select(p => $"{p!["name"]}/{p["partyName"]}"), Is.EqualTo(new[] { "李主任/党委政府", "王教授/专家智库" }));
        Assert.That(topic["timeline"]!.AsArray().Last()!["action"]!.GetValue<string>(), Is.EqualTo("schedule_meeting"));
        Assert.That(topic["timeline"]!.AsArray().Last()!["note"]!.GetValue<string>(), Does.Contain("柳树湾社区议事室"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meetings WHERE topic_id = @id AND round = 1 AND room_id = @RoomId AND region_l4 IS NOT NULL", new { id, RoomId }), Is.EqualTo(1));
        Assert.That(await CountAsync("meeting_participants", id), Is.EqualTo(2));
        Assert.That(AllowedActions(topic), Does.Contain("record_minutes").And.Contain("schedule_meeting"));
        var forResident = await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{id}"));
        Assert.That(AllowedActions(forResident), Does.Contain("sign_up").And.Not.Contain("schedule_meeting"));
    }

    [Test]
    public async Task AnOnlineMeetingKeepsItsHttpsLinkAndAHybridOneNeedsBothPlaceAndLink()
    {
        var id = await AnnouncedTopicAsync();

        var (topic, meetingId) = await ScheduleAsync(id, OnlineMeeting());
        var hybrid = OfflineMeeting();
        hybrid["mode"] = "hybrid";
        hybrid["onlineLink"] = "https://meeting.example.cn/j/9";
        var (second, hybridId) = await ScheduleAsync(id, hybrid);

        Assert.That(MeetingOf(topic, meetingId)["onlineLink"]!.GetValue<string>(), Is.EqualTo("https://meeting.example.cn/j/123456"));
        Assert.That(MeetingOf(second, hybridId)["place"]!.GetValue<string>(), Is.EqualTo("柳树湾社区议事室"));
        Assert.That(second["meetings"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task BadMeetingInputListsEveryFieldAndWritesNothing()
    {
        var id = await AnnouncedTopicAsync();
        var version = await ScalarAsync<int>("SELECT version FROM topics WHERE id = @id", new { id });

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/meetings", new JsonObject
        {
            ["mode"] = "hybrid",
            ["startsAt"] = InHours(24),
            ["onlineLink"] = "http://insecure.example.cn/x",
            ["convener"] = " ",
            ["capacity"] = 0,
            ["participants"] = new JsonArray(new JsonObject { ["name"] = "", ["party"] = "friends", ["attendMode"] = "phone" }),
        });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.SupersetOf(new[]
        {
            "place", "onlineLink", "convener", "capacity", "participants[0].name", "participants[0].party", "participants[0].attendMode",
        }));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meetings"), Is.Zero);
        Assert.That(await ScalarAsync<int>("SELECT version FROM topics WHERE id = @id", new { id }), Is.EqualTo(version));
    }

    [TestCase("offline", "onlineLink")]
    [TestCase("online", "place")]
    [TestCase("meeting", "mode")]
    public async Task AFieldThatDoesNotFitTheMeetingModeIsRefused(string mode, string field)
    {
        var id = await AnnouncedTopicAsync();
        var body = OfflineMeeting();
        body["mode"] = mode;
        body["onlineLink"] = "https://meeting.example.cn/j/1";

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/meetings", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meetings"), Is.Zero);
    }

    [Test]
    public async Task AnInvitedParticipantMustAttendTheWayTheMeetingIsHeld()
    {
        var id = await AnnouncedTopicAsync();
        var body = OnlineMeeting();
        body["participants"] = new JsonArray(new JsonObject { ["name"] = "赵乡贤", ["party"] = "notable", ["attendMode"] = "offline" });

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/meetings", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain("participants[0]"));
    }

    [Test]
    public async Task AnEmptyParticipantRowAsksForEachFieldInPlainChineseAndNothingElse()
    {
        var id = await AnnouncedTopicAsync();
        var body = OnlineMeeting();
        body["participants"] = new JsonArray(new JsonObject { ["name"] = "", ["party"] = null, ["attendMode"] = null });

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/meetings", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "participants[0].name", "participants[0].party", "participants[0].attendMode" }),
            "no clash with the meeting's form is reported for a way of attending not yet chosen");
        Assert.That(errors["participants[0].attendMode"]![0]!.GetValue<string>(), Is.EqualTo("请选择参会方式：线下或线上。"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meetings"), Is.Zero);
    }

    [Test]
    public async Task AMeetingInThePastIsRefusedAndNothingIsWritten()
    {
        var id = await AnnouncedTopicAsync();

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/meetings", OfflineMeeting(inHours: -1));

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "meeting_time_past");
        Assert.That(problem["errors"]!["startsAt"]![0]!.GetValue<string>(), Is.EqualTo(problem["detail"]!.GetValue<string>()), "shown under the time field");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meetings"), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meeting_participants"), Is.Zero);
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("announced"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE action = 'schedule_meeting'"), Is.Zero);
    }

    [Test]
    public async Task OnlyARoomAdminOverTheRoomMaySchedule()
    {
        var id = await AnnouncedTopicAsync();
        var otherCounty = await LoginWithRoleAsync("x", Roles.RoomAdmin, OtherCountyCode);

        await AssertProblemAsync(await Anonymous.PostAsJsonAsync($"/api/topics/{id}/meetings", OfflineMeeting()), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await Resident.PostAsJsonAsync($"/api/topics/{id}/meetings", OfflineMeeting()), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await Reviewer.PostAsJsonAsync($"/api/topics/{id}/meetings", OfflineMeeting()), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await otherCounty.PostAsJsonAsync($"/api/topics/{id}/meetings", OfflineMeeting()), HttpStatusCode.Forbidden, "forbidden");

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meetings"), Is.Zero);
        var forResident = await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{id}"));
        Assert.That(AllowedActions(forResident), Does.Not.Contain("schedule_meeting"));
    }

    [Test]
    public async Task ATopicStillUnderReviewCannotHaveAMeeting()
    {
        var id = (await SubmitAsync())["id"]!.GetValue<long>();

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/meetings", OfflineMeeting());

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict, "invalid_transition");
        Assert.That(problem["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()), Does.Not.Contain("schedule_meeting"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meetings"), Is.Zero);
    }

    [Test]
    public async Task MinutesOfAMeetingThatHasStartedMoveTheTopicToDeliberated()
    {
        var (id, meetingId) = await ScheduledTopicAsync(OfflineMeeting(inHours: 0.1));
        Api.Clock.Advance(TimeSpan.FromMinutes(6));

        var topic = await ActAsync(RoomAdmin, id, $"meetings/{meetingId}/minutes", new { minutes = "  与会各方同意更换路灯。 " });

        Assert.That(Status(topic), Is.EqualTo("deliberated"));
        Assert.That(MeetingOf(topic, meetingId)["minutes"]!.GetValue<string>(), Is.EqualTo("与会各方同意更换路灯。"));
        Assert.That(MeetingOf(topic, meetingId)["minutesAt"], Is.Not.Null);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meetings WHERE id = @meetingId AND minutes_at IS NOT NULL", new { meetingId }), Is.EqualTo(1));
        Assert.That(topic["timeline"]!.AsArray().Last()!["action"]!.GetValue<string>(), Is.EqualTo("record_minutes"));
        Assert.That(AllowedActions(topic), Does.Contain("publish_resolution").And.Contain("schedule_meeting").And.Not.Contain("record_minutes"));
    }

    [Test]
    public async Task MinutesBeforeTheMeetingStartsAreRefusedAndNothingChanges()
    {
        var (id, meetingId) = await ScheduledTopicAsync(OfflineMeeting(inHours: 3));

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/meetings/{meetingId}/minutes", new { minutes = "提前写好的纪要" });

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "meeting_not_started");
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("meeting_scheduled"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meetings WHERE minutes IS NOT NULL"), Is.Zero);
    }

    [Test]
    public async Task MinutesAreRecordedOncePerMeetingAndOnlyForAMeetingOfTheTopic()
    {
        var (id, first) = await DeliberatedTopicAsync();
        var (_, second) = await ScheduleAsync(id, OfflineMeeting(inHours: 0.1));
        var (_, otherTopicMeeting) = await ScheduledTopicAsync();
        Api.Clock.Advance(TimeSpan.FromMinutes(10));

        await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/meetings/{first}/minutes", new { minutes = "重写" }),
            HttpStatusCode.Conflict, "minutes_already_recorded");
        await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/meetings/{otherTopicMeeting}/minutes", new { minutes = "纪要" }),
            HttpStatusCode.NotFound, "meeting_not_found");
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("meeting_scheduled"));

        var topic = await ActAsync(RoomAdmin, id, $"meetings/{second}/minutes", new { minutes = "第二次会议纪要" });
        Assert.That(Status(topic), Is.EqualTo("deliberated"));
        Assert.That(await ScalarAsync<string>("SELECT minutes FROM meetings WHERE id = @first", new { first }), Is.EqualTo("与会各方同意由物业在两周内更换路灯。"));
    }

    [Test]
    public async Task OnlyARoomAdminOverTheRoomMayRecordMinutesAndOnlyWhileAMeetingIsScheduled()
    {
        var (id, meetingId) = await ScheduledTopicAsync(OfflineMeeting(inHours: 0.1));
        Api.Clock.Advance(TimeSpan.FromMinutes(10));
        var otherCounty = await LoginWithRoleAsync("x", Roles.RoomAdmin, OtherCountyCode);
        var url = $"/api/topics/{id}/meetings/{meetingId}/minutes";

        await AssertProblemAsync(await Anonymous.PostAsJsonAsync(url, new { minutes = "纪要" }), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await Resident.PostAsJsonAsync(url, new { minutes = "纪要" }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await otherCounty.PostAsJsonAsync(url, new { minutes = "纪要" }), HttpStatusCode.Forbidden, "forbidden");
        var empty = await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync(url, new { minutes = " " }), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(empty["errors"]!.AsObject().Select(e => e.Key), Does.Contain("minutes"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meetings WHERE minutes IS NOT NULL"), Is.Zero);
        Assert.That(AllowedActions(await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{id}"))), Does.Not.Contain("record_minutes"));

        var announced = await AnnouncedTopicAsync();
        await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{announced}/meetings/{meetingId}/minutes", new { minutes = "纪要" }),
            HttpStatusCode.Conflict, "invalid_transition");
        Assert.That(AllowedActions(await ReadJsonAsync(await RoomAdmin.GetAsync($"/api/topics/{announced}"))), Does.Not.Contain("record_minutes"));
    }
}
