using System.Net;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Topics;

public sealed class MeetingListTests : MeetingTest
{
    private HttpClient _cityReviewer = null!;
    private HttpClient _cityRoomAdmin = null!;

    [SetUp]
    public async Task SetUpCityStaffAsync()
    {
        _cityReviewer = await LoginWithRoleAsync("city-reviewer", Roles.Reviewer, "320800");
        _cityRoomAdmin = await LoginWithRoleAsync("city-room-admin", Roles.RoomAdmin, "320800");
    }

    /// <summary>An announced topic in <paramref name="roomId"/> with a meeting <paramref name="inHours"/> from now; returns the meeting id.</summary>
    private async Task<long> MeetingInRoomAsync(long roomId, double inHours, string title = "路灯")
    {
        var id = (await SubmitAsync(roomId: roomId, title: title))["id"]!.GetValue<long>();
        await ActAsync(_cityReviewer, id, "accept", new { announcementEndsOn = Today(7) });
        var topic = await ActAsync(_cityRoomAdmin, id, "meetings", OfflineMeeting(inHours));
        return topic["meetings"]!.AsArray().Max(m => m!["id"]!.GetValue<long>());
    }

    private async Task<JsonObject> ListAsync(string query)
    {
        var response = await Anonymous.GetAsync("/api/meetings?" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    private static long[] Ids(JsonObject page) => page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ToArray();

    [Test]
    public async Task UpcomingMeetingsOfARoomComeSoonestFirstPageByPageWithTheirTopic()
    {
        var later = await MeetingInRoomAsync(RoomId, 72, "第三件事");
        var soonest = await MeetingInRoomAsync(RoomId, 2, "第一件事");
        var next = await MeetingInRoomAsync(RoomId, 24, "第二件事");

        var first = await ListAsync($"roomId={RoomId}&limit=2");
        var second = await ListAsync($"roomId={RoomId}&limit=2&after={first["nextAfter"]}");

        Assert.That(Ids(first), Is.EqualTo(new[] { soonest, next }));
        Assert.That(Ids(second), Is.EqualTo(new[] { later }));
        Assert.That(second["nextAfter"], Is.Null);
        var item = first["items"]![0]!;
        Assert.That(item["topicTitle"]!.GetValue<string>(), Is.EqualTo("第一件事"));
        Assert.That(item["receiptNo"]!.GetValue<string>(), Does.EndWith("-0002"));
        Assert.That(item["modeName"]!.GetValue<string>(), Is.EqualTo("线下"));
        Assert.That(item["place"]!.GetValue<string>(), Is.EqualTo("柳树湾社区议事室"));
        Assert.That(item["capacity"]!.GetValue<int>(), Is.EqualTo(30));
        Assert.That(item["signupCount"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public async Task PastMeetingsComeLatestFirstAndLeaveTheUpcomingList()
    {
        var earlier = await MeetingInRoomAsync(RoomId, 0.1);
        var latest = await MeetingInRoomAsync(RoomId, 0.2);
        var upcoming = await MeetingInRoomAsync(RoomId, 48);
        Api.Clock.Advance(TimeSpan.FromMinutes(15)); // access tokens last 30 minutes

        var past = await ListAsync($"roomId={RoomId}&when=past&limit=1");
        var pastRest = await ListAsync($"roomId={RoomId}&when=past&after={past["nextAfter"]}");

        Assert.That(Ids(past), Is.EqualTo(new[] { latest }));
        Assert.That(Ids(pastRest), Is.EqualTo(new[] { earlier }));
        Assert.That(Ids(await ListAsync($"roomId={RoomId}")), Is.EqualTo(new[] { upcoming }));
    }

    [Test]
    public async Task ARegionListCoversEveryRoomInItsSubtreeAndNothingOutsideIt()
    {
        var here = await MeetingInRoomAsync(RoomId, 5);
        var neighbour = await MeetingInRoomAsync(await RoomIdAsync("东长街社区协商议事室"), 6);
        var townRoom = await MeetingInRoomAsync(await RoomIdAsync("长西街道协商议事室"), 7);
        var elsewhere = await MeetingInRoomAsync(OtherCountyRoomId, 4);

        var town = await ListAsync($"regionId={await RegionIdAsync(TownCode)}");
        var city = await ListAsync($"regionId={await RegionIdAsync("320800")}");

        Assert.That(Ids(town), Is.EqualTo(new[] { here, neighbour, townRoom }));
        Assert.That(Ids(city), Is.EqualTo(new[] { elsewhere, here, neighbour, townRoom }));
        Assert.That(Ids(await ListAsync($"regionId={await RegionIdAsync(VillageCode)}")), Is.EqualTo(new[] { here }));
    }

    [Test]
    public async Task MeetingsOfATopicHeldForModerationAreNotListed()
    {
        var shown = await MeetingInRoomAsync(RoomId, 5);
        var hidden = await MeetingInRoomAsync(RoomId, 6);
        await ExecuteAsync("UPDATE topics t JOIN meetings g ON g.topic_id = t.id SET t.moderation = 'held' WHERE g.id = @hidden", new { hidden });

        Assert.That(Ids(await ListAsync($"roomId={RoomId}")), Is.EqualTo(new[] { shown }));
    }

    [TestCase("", "roomId")]
    [TestCase("roomId=1&regionId=1", "roomId")]
    [TestCase("roomId=1&when=tomorrow", "when")]
    [TestCase("roomId=1&limit=0", "limit")]
    [TestCase("roomId=1&limit=51", "limit")]
    [TestCase("roomId=1&after=999999", "after")]
    public async Task BadListQueriesAreRefusedWithTheField(string query, string field)
    {
        var response = await Anonymous.GetAsync("/api/meetings?" + query.Replace("roomId=1", $"roomId={RoomId}", StringComparison.Ordinal));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
    }

    [Test]
    public async Task AnUnknownRoomOrRegionIsNotFound()
    {
        await AssertProblemAsync(await Anonymous.GetAsync("/api/meetings?roomId=999999"), HttpStatusCode.NotFound, "room_not_found");
        await AssertProblemAsync(await Anonymous.GetAsync("/api/meetings?regionId=999999"), HttpStatusCode.NotFound, "region_not_found");
    }
}
