using System.Net.Http.Json;

namespace MaShangYi.Tests.Channels;

/// <summary>A 12345 item that repeats an open topic of its town is flagged for the reviewer, never merged by itself.</summary>
public sealed class DuplicateIntakeTests : ChannelTest
{
    [Test]
    public async Task AChannelItemLikeAnOpenTopicIsFlaggedInTheQueueAndStaysSubmitted()
    {
        var response = await Resident.PostAsJsonAsync($"/api/rooms/{RoomId}/topics",
            new { title = "小区门口道路破损", description = "小区门口的路面破损严重，下雨天积水", categoryId = await CategoryIdAsync() });
        var open = (await ReadJsonAsync(response))["id"]!.GetValue<long>();
        await ActAsync(Reviewer, open, "accept", new { announcementEndsOn = Today(7) });
        var channel = await CreateChannelAsync();

        var (_, topicId) = await SendItemAsync(channel.Client, "12345-0001");

        var item = (await ReadJsonAsync(await Reviewer.GetAsync("/api/review/queue")))["items"]!.AsArray().Single(i => i!["id"]!.GetValue<long>() == topicId)!;
        Assert.That(item["possibleDuplicateOf"]!.GetValue<long>(), Is.EqualTo(open));
        Assert.That(await ScalarAsync<string>("SELECT CONCAT(status, '/', COALESCE(merged_into_id, '-')) FROM topics WHERE id = @topicId", new { topicId }), Is.EqualTo("submitted/-"));
    }
}
