using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

public sealed class ModerationQueueTests : TopicTest
{
    private static async Task<long> CommentAsync(HttpClient client, long topicId, string body)
    {
        var response = await client.PostAsJsonAsync($"/api/topics/{topicId}/comments", new { stance = "suggestion", body });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["id"]!.GetValue<long>();
    }

    [Test]
    public async Task TheQueueHoldsHeldAndReportedCommentsOfTheAdminsScopeOldestFirst()
    {
        var topicId = await AnnouncedTopicAsync();
        var (neighbour, _) = await LoginAsync("neighbour");
        var fine = await CommentAsync(Resident, topicId, "支持尽快修好");
        var held = await CommentAsync(neighbour, topicId, "含有测试待审词的意见");
        var reported = await CommentAsync(neighbour, topicId, "路灯根本不用修");
        var hidden = await CommentAsync(Resident, topicId, "另一条被举报后屏蔽的意见");
        Assert.That((await Resident.PostAsJsonAsync($"/api/topics/{topicId}/comments/{reported}/report", new { reason = "说法不实" })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await neighbour.PostAsJsonAsync($"/api/topics/{topicId}/comments/{hidden}/report", new { });
        await RoomAdmin.PostAsJsonAsync($"/api/topics/{topicId}/comments/{hidden}/hide", new { reason = "重复内容" });

        var queue = await ReadJsonAsync(await RoomAdmin.GetAsync("/api/moderation/queue"));

        var items = queue["items"]!.AsArray();
        Assert.That(items.Select(i => (i!["commentId"]!.GetValue<long>(), i["state"]!.GetValue<string>(), i["reportCount"]!.GetValue<int>())),
            Is.EqualTo(new[] { (held, "held", 0), (reported, "reported", 1) }));
        Assert.That(items.Select(i => i!["commentId"]!.GetValue<long>()), Does.Not.Contain(fine));
        Assert.That(items[0]!["topicId"]!.GetValue<long>(), Is.EqualTo(topicId));
        Assert.That(items[0]!["topicTitle"]!.GetValue<string>(), Is.EqualTo("小区路灯不亮"));
        Assert.That(items[0]!["roomName"]!.GetValue<string>(), Is.EqualTo("柳树湾社区协商议事室"));
        Assert.That(items[0]!["body"]!.GetValue<string>(), Is.EqualTo("含有测试待审词的意见"));
        Assert.That(queue["nextAfter"], Is.Null);

        await RoomAdmin.PostAsJsonAsync($"/api/topics/{topicId}/comments/{held}/approve", new { });
        var paged = await ReadJsonAsync(await RoomAdmin.GetAsync("/api/moderation/queue?limit=1"));
        Assert.That(paged["items"]!.AsArray().Single()!["commentId"]!.GetValue<long>(), Is.EqualTo(reported), "an approved comment leaves the queue");
    }

    [Test]
    public async Task AReportedCommentTheAdminKeepsStaysPublicAndLeavesTheQueueUntilSomeoneElseReportsIt()
    {
        var topicId = await AnnouncedTopicAsync();
        var (neighbour, _) = await LoginAsync("neighbour");
        var (third, _) = await LoginAsync("third-resident");
        var reported = await CommentAsync(neighbour, topicId, "路灯根本不用修");
        Assert.That((await Resident.PostAsJsonAsync($"/api/topics/{topicId}/comments/{reported}/report", new { reason = "说法不实" })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var countBefore = (await ReadJsonAsync(await Anonymous.GetAsync($"/api/topics/{topicId}")))["commentCount"]!.GetValue<int>();

        var kept = await RoomAdmin.PostAsJsonAsync($"/api/topics/{topicId}/comments/{reported}/approve", new { });

        Assert.That(kept.StatusCode, Is.EqualTo(HttpStatusCode.OK), await kept.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(await RoomAdmin.GetAsync("/api/moderation/queue")))["items"]!.AsArray(), Is.Empty, "kept, it leaves the queue");
        var topic = await ReadJsonAsync(await Anonymous.GetAsync($"/api/topics/{topicId}"));
        Assert.That(topic["commentCount"]!.GetValue<int>(), Is.EqualTo(countBefore), "it was public all along");
        var entry = topic["timeline"]!.AsArray().Last()!;
        Assert.That((entry["action"]!.GetValue<string>(), entry["note"]?.GetValue<string>()), Is.EqualTo(("approve_comment", "经查看，这条意见继续公开。")),
            "the public timeline says the comment stays public, not that it was published, and nothing of the reports");
        Assert.That(await ScalarAsync<string>("SELECT moderation FROM topic_comments WHERE id = @reported", new { reported }), Is.EqualTo("visible"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM comment_reports WHERE comment_id = @reported", new { reported }), Is.EqualTo(1), "the report is kept for the record");
        await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{topicId}/comments/{reported}/approve", new { }), HttpStatusCode.Conflict, "comment_not_held");
        await AssertProblemAsync(await Resident.PostAsJsonAsync($"/api/topics/{topicId}/comments/{reported}/report", new { }), HttpStatusCode.Conflict, "already_reported");

        Assert.That((await third.PostAsJsonAsync($"/api/topics/{topicId}/comments/{reported}/report", new { reason = "人身攻击" })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var again = (await ReadJsonAsync(await RoomAdmin.GetAsync("/api/moderation/queue")))["items"]!.AsArray().Single()!;
        Assert.That((again["commentId"]!.GetValue<long>(), again["state"]!.GetValue<string>(), again["reportCount"]!.GetValue<int>()), Is.EqualTo((reported, "reported", 1)));
    }

    [Test]
    public async Task KeysetPagingWalksTheQueueOnce()
    {
        var topicId = await AnnouncedTopicAsync();
        var held = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await CommentAsync(Resident, topicId, $"测试待审词 {i}"));
        }

        var first = await ReadJsonAsync(await RoomAdmin.GetAsync("/api/moderation/queue?limit=2"));
        var second = await ReadJsonAsync(await RoomAdmin.GetAsync($"/api/moderation/queue?limit=2&after={first["nextAfter"]}"));

        var seen = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => i!["commentId"]!.GetValue<long>());
        Assert.That(seen, Is.EqualTo(held));
        Assert.That(second["nextAfter"], Is.Null);
        await AssertProblemAsync(await RoomAdmin.GetAsync("/api/moderation/queue?limit=0"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task OtherScopesAndResidentsSeeNothingOfIt()
    {
        var topicId = await AnnouncedTopicAsync();
        await CommentAsync(Resident, topicId, "测试待审词");
        var elsewhere = await LoginWithRoleAsync("ha-room-admin", Roles.RoomAdmin, OtherCountyCode);

        var other = await ReadJsonAsync(await elsewhere.GetAsync("/api/moderation/queue"));

        Assert.That(other["items"]!.AsArray(), Is.Empty);
        await AssertProblemAsync(await Resident.GetAsync("/api/moderation/queue"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await Reviewer.GetAsync("/api/moderation/queue"), HttpStatusCode.Forbidden, "forbidden");
    }
}
