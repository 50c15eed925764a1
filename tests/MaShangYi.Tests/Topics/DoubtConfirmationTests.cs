using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MaShangYi.Tests.Topics;

/// <summary>Publishing a resolution or closing a topic while residents' doubts are unanswered asks for a confirmation, recorded on the timeline.</summary>
public sealed class DoubtConfirmationTests : MeetingTest
{
    private async Task<long> DoubtAsync(long topicId, string body = "路灯换了以后电费谁出？")
    {
        // A deliberated topic no longer takes comments: the doubt was raised while it was announced.
        var (neighbour, _) = await LoginAsync("neighbour");
        await ExecuteAsync(
            "INSERT INTO topic_comments (topic_id, user_id, stance, body, moderation, created_at) SELECT @topicId, id, 'doubt', @body, 'visible', NOW(3) FROM users WHERE openid = @openId",
            new { topicId, body, openId = MaShangYi.Api.Infrastructure.WeChat.SimulatedWeChatClient.OpenIdFor("neighbour") });
        neighbour.Dispose();
        return await ScalarAsync<long>("SELECT MAX(id) FROM topic_comments");
    }

    private static object Resolution(bool? confirm = null) => confirm is null
        ? new { text = "两周内更换三号楼前路灯。", deadline = Today(14) }
        : new { text = "两周内更换三号楼前路灯。", deadline = Today(14), confirmUnansweredDoubts = confirm };

    [Test]
    public async Task PublishingAResolutionWithUnansweredDoubtsIsRefusedSayingHowManyAndChangesNothing()
    {
        var (id, _) = await DeliberatedTopicAsync();
        await DoubtAsync(id);
        await DoubtAsync(id, "施工期间能不能停车？");
        var detail = await ReadJsonAsync(await RoomAdmin.GetAsync($"/api/topics/{id}"));
        Assert.That(detail["confirmations"]!["publish_resolution"]!.GetValue<string>(), Is.EqualTo("unanswered_doubts"), "the client knows to ask first");
        Assert.That(AllowedActions(detail), Does.Contain("publish_resolution"), "still allowed, with a confirmation");

        foreach (var body in new[] { Resolution(), Resolution(confirm: false) })
        {
            var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/resolution", body);
            var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "unanswered_doubts");
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("还有 2 条居民的疑问没有答复"));
            Assert.That(problem["unansweredDoubts"]!.GetValue<int>(), Is.EqualTo(2));
        }

        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("deliberated"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE topic_id = @id AND action = 'publish_resolution'", new { id }), Is.Zero);
    }

    [Test]
    public async Task PublishingWithTheConfirmationGoesOnAndTheTimelineRecordsTheUnansweredDoubts()
    {
        var (id, _) = await DeliberatedTopicAsync();
        await DoubtAsync(id);
        await DoubtAsync(id, "施工期间能不能停车？");

        var topic = await ActAsync(RoomAdmin, id, "resolution", Resolution(confirm: true));

        await AssertLastEventAsync(topic, "publish_resolution", "deliberated", "resolution_published", "议事室管理员",
            $"落实期限：{Today(14)}；尚有 2 条疑问未答复，经确认继续");
    }

    [Test]
    public async Task AnsweredOrHiddenDoubtsNeedNoConfirmation()
    {
        var (id, _) = await DeliberatedTopicAsync();
        var answered = await DoubtAsync(id);
        var hidden = await DoubtAsync(id, "施工期间能不能停车？");
        await ActAsync(RoomAdmin, id, $"comments/{answered}/answer", new { text = "电费由物业支出。" });
        var detail = await ActAsync(RoomAdmin, id, $"comments/{hidden}/hide", new { reason = "重复发布" });
        Assert.That(detail["confirmations"]!.AsObject(), Is.Empty);
        Assert.That((detail["unansweredDoubts"]!.GetValue<int>(), detail["answeredDoubts"]!.GetValue<int>()), Is.EqualTo((0, 1)));

        var topic = await ActAsync(RoomAdmin, id, "resolution", Resolution());

        await AssertLastEventAsync(topic, "publish_resolution", "deliberated", "resolution_published", "议事室管理员", $"落实期限：{Today(14)}");
    }

    [Test]
    public async Task ClosingWithUnansweredDoubtsAsksForTheConfirmationToo()
    {
        var id = await AnnouncedTopicAsync();
        await ActAsync(RoomAdmin, id, "classify", new { @class = "C", note = "不属于议事范围" });
        await DoubtAsync(id);

        var refused = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/close", new { note = "办结" });
        await AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "unanswered_doubts");
        var topic = await ActAsync(RoomAdmin, id, "close", new { note = "办结", confirmUnansweredDoubts = true });

        await AssertLastEventAsync(topic, "close", "announced", "closed", "议事室管理员", "办结；尚有 1 条疑问未答复，经确认继续");
    }

    [Test]
    public async Task TheWorkflowPublishesWhichActionsNeedTheConfirmationAndHowToGiveIt()
    {
        var workflow = await ReadJsonAsync(await Anonymous.GetAsync("/api/workflow"));

        var confirming = workflow["actions"]!.AsArray().Where(a => a!["confirm"] is not null).ToDictionary(a => a!["name"]!.GetValue<string>(), a => a!["confirm"]!.GetValue<string>());
        Assert.That(confirming, Is.EqualTo(new Dictionary<string, string> { ["publish_resolution"] = "unanswered_doubts", ["close"] = "unanswered_doubts" }));
        var rule = workflow["confirmations"]!.AsArray().Single()!;
        Assert.That(rule["key"]!.GetValue<string>(), Is.EqualTo("unanswered_doubts"));
        Assert.That(rule["requestField"]!.GetValue<string>(), Is.EqualTo("confirmUnansweredDoubts"));
        Assert.That(rule["problemCode"]!.GetValue<string>(), Is.EqualTo("unanswered_doubts"));
    }

    [Test]
    public async Task TheNoticeBoardShowsATopicsAnsweredDoubts()
    {
        var id = await AnnouncedTopicAsync();
        var doubt = await DoubtAsync(id);
        await ExecuteAsync("UPDATE topics SET comment_count = 1 WHERE id = @id", new { id });
        await ActAsync(RoomAdmin, id, $"comments/{doubt}/answer", new { text = "电费由物业支出。" });

        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });
        var html = await Anonymous.GetStringAsync($"/board/rooms/{scene}");

        Assert.That(html, Does.Contain("已答复疑问 1"));
    }
}
