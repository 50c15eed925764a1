using System.Net;

namespace MaShangYi.Tests.Topics;

/// <summary>
/// GET /api/me/signups: the caller's own sign-ups among the meetings of a list page, asked apart from the public (and
/// cached, the same for everyone) meetings list.
/// </summary>
public sealed class MySignupTests : MeetingTest
{
    [Test]
    public async Task TheCallerSeesWhichOfTheListedMeetingsTheySignedUpForAndHow()
    {
        var (first, firstMeeting) = await ScheduledTopicAsync();
        var (second, secondMeeting) = await ScheduledTopicAsync(OnlineMeeting());
        await ActAsync(Resident, second, $"meetings/{secondMeeting}/signups", new { attendMode = "online" });
        var (neighbour, _) = await LoginAsync("neighbour");
        await ActAsync(neighbour, first, $"meetings/{firstMeeting}/signups", new { attendMode = "offline" });

        var response = await Resident.GetAsync($"/api/me/signups?meetingIds={firstMeeting},{secondMeeting},999999");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var list = await ReadJsonArrayAsync(response);
        Assert.That(list.Select(s => (s!["meetingId"]!.GetValue<long>(), s["attendMode"]!.GetValue<string>())),
            Is.EqualTo(new[] { (secondMeeting, "online") }), "only the caller's own, not the neighbour's");
    }

    [Test]
    public async Task TheMeetingsListStaysTheSameForEveryoneAndCacheable()
    {
        var (id, meetingId) = await ScheduledTopicAsync();
        await ActAsync(Resident, id, $"meetings/{meetingId}/signups", new { attendMode = "offline" });

        var mine = await (await Resident.GetAsync($"/api/meetings?roomId={RoomId}")).Content.ReadAsStringAsync();
        var anyone = await (await Anonymous.GetAsync($"/api/meetings?roomId={RoomId}")).Content.ReadAsStringAsync();

        Assert.That(mine, Is.EqualTo(anyone));
        Assert.That(mine, Does.Not.Contain("signedUpByMe"));
    }

    [TestCase("")]
    [TestCase("abc")]
    [TestCase("1,,2")]
    [TestCase("-3")]
    [TestCase("0")]
    [TestCase("99999999999999999999")]
    public async Task MalformedIdsAreAFieldErrorInChinese(string meetingIds)
    {
        var response = await Resident.GetAsync($"/api/me/signups?meetingIds={Uri.EscapeDataString(meetingIds)}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["meetingIds"]![0]!.GetValue<string>(), Does.Contain("逗号分隔"));
    }

    [Test]
    public async Task MoreThanOnePageOfIdsIsRefused()
    {
        var ids = string.Join(",", Enumerable.Range(1, 51));

        var response = await Resident.GetAsync($"/api/me/signups?meetingIds={ids}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task AskingAnonymouslyIs401()
    {
        var response = await Anonymous.GetAsync("/api/me/signups?meetingIds=1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
