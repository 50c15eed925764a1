using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.Topics;

public sealed class SignupTests : MeetingTest
{
    private static string Signups(long topicId, long meetingId) => $"/api/topics/{topicId}/meetings/{meetingId}/signups";

    [Test]
    public async Task AResidentSignsUpAndIsListedOnlyAsAResidentNeverByIdentity()
    {
        var (id, meetingId) = await ScheduledTopicAsync();

        var topic = await ActAsync(Resident, id, $"meetings/{meetingId}/signups", new { attendMode = "offline" });

        var meeting = MeetingOf(topic, meetingId);
        Assert.That(meeting["signupCount"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(meeting["signedUpByMe"]!.GetValue<bool>(), Is.True);
        var resident = meeting["participants"]!.AsArray().Last()!;
        Assert.That($"{resident["name"]}/{resident["party"]}/{resident["partyName"]}", Is.EqualTo("居民/resident/群众"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meeting_participants WHERE meeting_id = @meetingId AND user_id = @ResidentId AND party = 'resident'",
            new { meetingId, ResidentId }), Is.EqualTo(1));
        Assert.That(await ScalarAsync<int>("SELECT signup_count FROM meetings WHERE id = @meetingId", new { meetingId }), Is.EqualTo(1));
        var publicView = await ReadJsonAsync(await Anonymous.GetAsync($"/api/topics/{id}"));
        Assert.That(MeetingOf(publicView, meetingId)["signedUpByMe"]!.GetValue<bool>(), Is.False);
        Assert.That(publicView.ToJsonString(), Does.Not.Contain("userId").And.Not.Contain(SimulatedWeChatClient.OpenIdFor("resident")));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE topic_id = @id AND action = 'sign_up'", new { id }), Is.Zero, "no timeline entry names a resident");
    }

    [Test]
    public async Task SigningUpTwiceReturns409AndTakesOnePlace()
    {
        var (id, meetingId) = await ScheduledTopicAsync();
        await ActAsync(Resident, id, $"meetings/{meetingId}/signups", new { attendMode = "offline" });

        var again = await Resident.PostAsJsonAsync(Signups(id, meetingId), new { attendMode = "offline" });

        await AssertProblemAsync(again, HttpStatusCode.Conflict, "already_signed_up");
        Assert.That(await ScalarAsync<int>("SELECT signup_count FROM meetings WHERE id = @meetingId", new { meetingId }), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meeting_participants WHERE user_id IS NOT NULL"), Is.EqualTo(1));
    }

    [Test]
    public async Task ConcurrentSignUpsNeverTakeMorePlacesThanTheMeetingHas()
    {
        var (id, meetingId) = await ScheduledTopicAsync(OfflineMeeting(capacity: 3));
        var residents = new List<HttpClient>();
        for (var i = 0; i < 10; i++)
        {
            residents.Add((await LoginAsync($"neighbour-{i}")).Client);
        }

        var responses = await Task.WhenAll(residents.Select(c => c.PostAsJsonAsync(Signups(id, meetingId), new { attendMode = "offline" })));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(3));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Conflict, "meeting_full");
        }

        Assert.That(await ScalarAsync<int>("SELECT signup_count FROM meetings WHERE id = @meetingId", new { meetingId }), Is.EqualTo(3));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meeting_participants WHERE meeting_id = @meetingId AND user_id IS NOT NULL", new { meetingId }), Is.EqualTo(3));
    }

    /// <summary>
    /// A sign-up checked while the topic awaits its meeting, then held behind the room admin's change of the topic, is
    /// decided on the state it finds under the lock: the meeting was held, so it is refused and takes no place.
    /// </summary>
    [Test]
    public async Task ASignUpThatWaitedWhileTheTopicMovedOnIsRefusedAndTakesNoPlace()
    {
        var (id, meetingId) = await ScheduledTopicAsync();

        var signUp = await ActWhileTheTopicMovesOnAsync(id, "deliberated", $"FROM topics WHERE id = {id} FOR UPDATE",
            () => Resident.PostAsJsonAsync(Signups(id, meetingId), new { attendMode = "offline" }));

        await AssertProblemAsync(signUp, HttpStatusCode.Conflict, "topic_changed");
        Assert.That(await ScalarAsync<int>("SELECT signup_count FROM meetings WHERE id = @meetingId", new { meetingId }), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meeting_participants WHERE meeting_id = @meetingId AND user_id IS NOT NULL", new { meetingId }), Is.Zero);
    }

    [Test]
    public async Task CancellingASignUpFreesThePlaceForSomeoneElse()
    {
        var (id, meetingId) = await ScheduledTopicAsync(OfflineMeeting(capacity: 1));
        var (neighbour, _) = await LoginAsync("neighbour");
        await ActAsync(Resident, id, $"meetings/{meetingId}/signups", new { attendMode = "offline" });
        await AssertProblemAsync(await neighbour.PostAsJsonAsync(Signups(id, meetingId), new { attendMode = "offline" }), HttpStatusCode.Conflict, "meeting_full");

        var cancelled = await Resident.DeleteAsync(Signups(id, meetingId));

        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(MeetingOf(await ReadJsonAsync(cancelled), meetingId)["signedUpByMe"]!.GetValue<bool>(), Is.False);
        Assert.That(await ScalarAsync<int>("SELECT signup_count FROM meetings WHERE id = @meetingId", new { meetingId }), Is.Zero);
        var topic = await ActAsync(neighbour, id, $"meetings/{meetingId}/signups", new { attendMode = "offline" });
        Assert.That(MeetingOf(topic, meetingId)["signupCount"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meeting_participants WHERE user_id = @ResidentId", new { ResidentId }), Is.Zero);
    }

    [Test]
    public async Task CancellingWithoutASignUpReturns404AndFreesNothing()
    {
        var (id, meetingId) = await ScheduledTopicAsync();
        await ActAsync(Resident, id, $"meetings/{meetingId}/signups", new { attendMode = "offline" });
        var (neighbour, _) = await LoginAsync("neighbour");

        await AssertProblemAsync(await neighbour.DeleteAsync(Signups(id, meetingId)), HttpStatusCode.NotFound, "signup_not_found");

        Assert.That(await ScalarAsync<int>("SELECT signup_count FROM meetings WHERE id = @meetingId", new { meetingId }), Is.EqualTo(1));
    }

    [Test]
    public async Task OnceTheMeetingHasStartedNoOneSignsUpOrCancels()
    {
        var (id, meetingId) = await ScheduledTopicAsync(OfflineMeeting(inHours: 0.1));
        await ActAsync(Resident, id, $"meetings/{meetingId}/signups", new { attendMode = "offline" });
        Api.Clock.Advance(TimeSpan.FromMinutes(6));
        var (neighbour, _) = await LoginAsync("neighbour");

        var late = await AssertProblemAsync(await neighbour.PostAsJsonAsync(Signups(id, meetingId), new { attendMode = "offline" }), HttpStatusCode.Conflict, "meeting_started");
        await AssertProblemAsync(await Resident.DeleteAsync(Signups(id, meetingId)), HttpStatusCode.Conflict, "meeting_started");

        Assert.That(late["detail"]!.GetValue<string>(), Does.Contain("已经开始"));
        Assert.That(await ScalarAsync<int>("SELECT signup_count FROM meetings WHERE id = @meetingId", new { meetingId }), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meeting_participants WHERE user_id IS NOT NULL"), Is.EqualTo(1));
    }

    [Test]
    public async Task AResidentAttendsTheWayTheMeetingIsHeld()
    {
        var (id, meetingId) = await ScheduledTopicAsync(OnlineMeeting());

        await AssertProblemAsync(await Resident.PostAsJsonAsync(Signups(id, meetingId), new { attendMode = "offline" }), HttpStatusCode.UnprocessableEntity, "attend_mode_unavailable");
        var bad = await AssertProblemAsync(await Resident.PostAsJsonAsync(Signups(id, meetingId), new { attendMode = "phone" }), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(bad["errors"]!.AsObject().Select(e => e.Key), Does.Contain("attendMode"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meeting_participants"), Is.Zero);
        var topic = await ActAsync(Resident, id, $"meetings/{meetingId}/signups", new { attendMode = "online" });
        Assert.That(MeetingOf(topic, meetingId)["participants"]!.AsArray().Single()!["attendMode"]!.GetValue<string>(), Is.EqualTo("online"));
    }

    [Test]
    public async Task AMeetingOfAnotherTopicIsNotFound()
    {
        var (id, _) = await ScheduledTopicAsync();
        var (_, otherMeeting) = await ScheduledTopicAsync();

        await AssertProblemAsync(await Resident.PostAsJsonAsync(Signups(id, otherMeeting), new { attendMode = "offline" }), HttpStatusCode.NotFound, "meeting_not_found");
        await AssertProblemAsync(await Resident.PostAsJsonAsync(Signups(id, 999999), new { attendMode = "offline" }), HttpStatusCode.NotFound, "meeting_not_found");

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meeting_participants WHERE user_id IS NOT NULL"), Is.Zero);
    }

    [Test]
    public async Task AnyLoggedInUserMaySignUpButOnlyWhileTheTopicAwaitsItsMeeting()
    {
        var (id, meetingId) = await ScheduledTopicAsync(OfflineMeeting(inHours: 0.1));
        var staffElsewhere = await LoginWithRoleAsync("x", Roles.RoomAdmin, OtherCountyCode);

        await AssertProblemAsync(await Anonymous.PostAsJsonAsync(Signups(id, meetingId), new { attendMode = "offline" }), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await Anonymous.DeleteAsync(Signups(id, meetingId)), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.That(AllowedActions(await ReadJsonAsync(await Anonymous.GetAsync($"/api/topics/{id}"))), Does.Not.Contain("sign_up"));
        Assert.That(AllowedActions(await ReadJsonAsync(await staffElsewhere.GetAsync($"/api/topics/{id}"))), Does.Contain("sign_up"));
        await ActAsync(staffElsewhere, id, $"meetings/{meetingId}/signups", new { attendMode = "offline" });

        var (_, next) = await ScheduleAsync(id, OfflineMeeting(inHours: 48));
        Api.Clock.Advance(TimeSpan.FromMinutes(10));
        await ActAsync(RoomAdmin, id, $"meetings/{meetingId}/minutes", new { minutes = "纪要" });

        var refused = await AssertProblemAsync(await Resident.PostAsJsonAsync(Signups(id, next), new { attendMode = "offline" }), HttpStatusCode.Conflict, "invalid_transition");
        Assert.That(refused["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()), Does.Not.Contain("sign_up"));
        Assert.That(AllowedActions(await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{id}"))), Does.Not.Contain("sign_up"));
        Assert.That(await ScalarAsync<int>("SELECT signup_count FROM meetings WHERE id = @next", new { next }), Is.Zero);
    }
}
