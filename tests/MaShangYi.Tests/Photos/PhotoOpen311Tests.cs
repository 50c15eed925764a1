using MaShangYi.Tests.Channels;

namespace MaShangYi.Tests.Photos;

public sealed class PhotoOpen311Tests : ChannelTest
{
    [Test]
    public async Task TheOpen311ReadBackGivesTheFirstPassedPhotoOfAPublicTopicAsMediaUrl()
    {
        var channel = await CreateChannelAsync();
        var (receiptNo, topicId) = await SendItemAsync(channel.Client, "A-1001");
        await ExecuteAsync(
            """
            INSERT INTO photos (public_key, owner_user_id, room_id, topic_id, attached_kind, attached_id, position, status, width, height, bytes, sha256, created_at)
            SELECT k, @ResidentId, room_id, id, 'topic', id, p, s, 100, 100, 1000, UNHEX(SHA2(k, 256)), NOW(3)
            FROM topics, (SELECT 'AAAAAAAAAAAAAAAAAAAAAA' AS k, 0 AS p, 'review' AS s UNION ALL SELECT 'BBBBBBBBBBBBBBBBBBBBBB', 1, 'pass') x
            WHERE id = @topicId
            """,
            new { ResidentId, topicId });
        Assert.That((await GetRequestAsync(channel.Client, receiptNo))["media_url"], Is.Null, "not while the topic is not public");

        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });

        Assert.That((await GetRequestAsync(channel.Client, receiptNo))["media_url"]!.GetValue<string>(),
            Is.EqualTo("http://localhost/api/photos/BBBBBBBBBBBBBBBBBBBBBB/display.jpg"));
    }
}
