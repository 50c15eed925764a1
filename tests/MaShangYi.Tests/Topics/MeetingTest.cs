using System.Globalization;
using System.Text.Json.Nodes;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

/// <summary>Helpers for step 5–6 tests: meetings at times relative to the test clock (which only moves forward).</summary>
public abstract class MeetingTest : TopicTest
{
    /// <summary>An ISO time <paramref name="hours"/> from now on the test clock, written as a Beijing client sends it.</summary>
    protected static string InHours(double hours) =>
        Api.Clock.GetUtcNow().AddHours(hours).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    protected static JsonObject OfflineMeeting(double inHours = 48, int capacity = 30) => new()
    {
        ["mode"] = "offline",
        ["startsAt"] = InHours(inHours),
        ["place"] = "柳树湾社区议事室",
        ["convener"] = "张书记",
        ["capacity"] = capacity,
        ["participants"] = new JsonArray(
            new JsonObject { ["name"] = "李主任", ["party"] = "government", ["attendMode"] = "offline" },
            new JsonObject { ["name"] = "王教授", ["party"] = "expert", ["attendMode"] = "offline" }),
    };

    protected static JsonObject OnlineMeeting(double inHours = 48, int capacity = 30) => new()
    {
        ["mode"] = "online",
        ["startsAt"] = InHours(inHours),
        ["onlineLink"] = "https://meeting.example.cn/j/123456",
        ["convener"] = "张书记",
        ["capacity"] = capacity,
    };

    /// <summary>Schedules <paramref name="meeting"/> on a topic as the room admin; returns the topic and the new meeting's id.</summary>
    protected async Task<(JsonObject Topic, long MeetingId)> ScheduleAsync(long topicId, JsonObject? meeting = null)
    {
        var topic = await ActAsync(RoomAdmin, topicId, "meetings", meeting ?? OfflineMeeting());
        return (topic, topic["meetings"]!.AsArray().Max(m => m!["id"]!.GetValue<long>()));
    }

    /// <summary>An announced topic with one offline meeting scheduled.</summary>
    protected async Task<(long TopicId, long MeetingId)> ScheduledTopicAsync(JsonObject? meeting = null)
    {
        var id = await AnnouncedTopicAsync();
        var (_, meetingId) = await ScheduleAsync(id, meeting);
        return (id, meetingId);
    }

    /// <summary>A topic whose meeting (minutes from now: access tokens last 30 minutes) has been held and minuted: deliberated.</summary>
    protected async Task<(long TopicId, long MeetingId)> DeliberatedTopicAsync()
    {
        var (id, meetingId) = await ScheduledTopicAsync(OfflineMeeting(inHours: 0.1));
        Api.Clock.Advance(TimeSpan.FromMinutes(10));
        await ActAsync(RoomAdmin, id, $"meetings/{meetingId}/minutes", new { minutes = "与会各方同意由物业在两周内更换路灯。" });
        return (id, meetingId);
    }

    protected static JsonObject MeetingOf(JsonObject topic, long meetingId) =>
        topic["meetings"]!.AsArray().Single(m => m!["id"]!.GetValue<long>() == meetingId)!.AsObject();

    protected static Task<long> CountAsync(string table, long topicId) =>
        table == "meeting_participants"
            ? ScalarAsync<long>("SELECT COUNT(*) FROM meeting_participants p JOIN meetings g ON g.id = p.meeting_id WHERE g.topic_id = @topicId", new { topicId })
            : ScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE topic_id = @topicId", new { topicId });
}
