using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Notifications;

namespace MaShangYi.Tests.Topics;

/// <summary>解疑释惑: official answers to comments, corrected on the record, counted and told to the commenter.</summary>
public sealed class AnswerTests : NotificationTest
{
    private HttpClient Neighbour { get; set; } = null!;

    private long NeighbourId { get; set; }

    [SetUp]
    public async Task SetUpNeighbourAsync() => (Neighbour, NeighbourId) = await LoginAsync("neighbour");

    private static async Task<long> CommentAsync(HttpClient client, long topicId, string stance = "doubt", string body = "路灯换了以后电费谁出？")
    {
        var response = await client.PostAsJsonAsync($"/api/topics/{topicId}/comments", new { stance, body });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["id"]!.GetValue<long>();
    }

    private static Task<HttpResponseMessage> AnswerAsync(HttpClient client, long topicId, long commentId, string text) =>
        client.PostAsJsonAsync($"/api/topics/{topicId}/comments/{commentId}/answer", new { text });

    private static async Task<JsonObject> AnsweredAsync(HttpClient client, long topicId, long commentId, string text)
    {
        var response = await AnswerAsync(client, topicId, commentId, text);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    private static async Task<JsonObject> CommentOfAsync(HttpClient client, long topicId, long commentId)
    {
        var page = await ReadJsonAsync(await client.GetAsync($"/api/topics/{topicId}/comments"));
        return page["items"]!.AsArray().Single(i => i!["id"]!.GetValue<long>() == commentId)!.AsObject();
    }

    private static int Count(JsonObject topic, string field) => topic[field]!.GetValue<int>();

    [Test]
    public async Task ARoomAdminsAnswerShowsUnderTheDoubtAsTheRoomsOfficialAnswerAndTheTopicCountsItAnswered()
    {
        var id = await AnnouncedTopicAsync();
        var commentId = await CommentAsync(Neighbour, id);
        var before = await ReadJsonAsync(await Neighbour.GetAsync($"/api/topics/{id}"));
        Assert.That((Count(before, "unansweredDoubts"), Count(before, "answeredDoubts")), Is.EqualTo((1, 0)));

        var topic = await AnsweredAsync(RoomAdmin, id, commentId, "电费由物业从公共收益中支出，不向居民另收。");

        Assert.That((Count(topic, "unansweredDoubts"), Count(topic, "answeredDoubts")), Is.EqualTo((0, 1)));
        await AssertLastEventAsync(topic, "answer_comment", "announced", "announced", "议事室管理员", "答复一条“有疑问”意见");
        var answer = (await CommentOfAsync(Anonymous, id, commentId))["answer"]!.AsObject();
        Assert.That(answer.Select(p => p.Key), Is.EquivalentTo(new[] { "text", "unit", "at", "corrected" }), "nothing that names a person");
        Assert.That(answer["text"]!.GetValue<string>(), Is.EqualTo("电费由物业从公共收益中支出，不向居民另收。"));
        Assert.That(answer["unit"]!.GetValue<string>(), Is.EqualTo(topic["roomName"]!.GetValue<string>()), "a staff member without a unit answers for the room");
        Assert.That(answer["corrected"]!.GetValue<bool>(), Is.False);
        Assert.That(answer.ToJsonString(), Does.Not.Contain(SimulatedWeChatClient.OpenIdFor("room-admin")));
    }

    [Test]
    public async Task AReviewerWithAUnitSignsTheAnswerWithTheUnit()
    {
        var reviewer = await LoginWithRoleAsync("street-reviewer", Roles.Reviewer, TownCode, "清江浦区某某街道办事处");
        var id = await AnnouncedTopicAsync();
        var commentId = await CommentAsync(Neighbour, id, stance: "suggestion", body: "建议换成太阳能路灯。");

        await AnsweredAsync(reviewer, id, commentId, "已转告物业评估太阳能路灯。");

        var answer = (await CommentOfAsync(Neighbour, id, commentId))["answer"]!;
        Assert.That(answer["unit"]!.GetValue<string>(), Is.EqualTo("清江浦区某某街道办事处"));
    }

    [Test]
    public async Task CorrectingAnAnswerShowsTheNewTextAsCorrectedAndKeepsTheEarlierTextOnRecord()
    {
        var id = await AnnouncedTopicAsync();
        var commentId = await CommentAsync(Neighbour, id);
        await AnsweredAsync(RoomAdmin, id, commentId, "电费由居民分摊。");
        Api.Clock.Advance(TimeSpan.FromMinutes(5));

        var topic = await AnsweredAsync(RoomAdmin, id, commentId, "更正：电费由物业从公共收益中支出。");

        var answer = (await CommentOfAsync(Neighbour, id, commentId))["answer"]!;
        Assert.That(answer["text"]!.GetValue<string>(), Is.EqualTo("更正：电费由物业从公共收益中支出。"));
        Assert.That(answer["corrected"]!.GetValue<bool>(), Is.True);
        var rows = await QueryAsync<(string Body, DateTime? SupersededAt)>("SELECT body, superseded_at FROM comment_answers WHERE comment_id = @commentId ORDER BY id", new { commentId });
        Assert.That(rows.Select(r => (r.Body, r.SupersededAt is not null)), Is.EqualTo(new[] { ("电费由居民分摊。", true), ("更正：电费由物业从公共收益中支出。", false) }));
        Assert.That(topic["timeline"]!.AsArray().Last()!["note"]!.GetValue<string>(), Is.EqualTo("更正对一条“有疑问”意见的官方答复"));
        Assert.That(Count(topic, "answeredDoubts"), Is.EqualTo(1));
    }

    [Test]
    public async Task OnlyTheRoomsStaffMayAnswerOthersGet403AndNothingIsWritten()
    {
        var id = await AnnouncedTopicAsync();
        var commentId = await CommentAsync(Neighbour, id);
        var otherAdmin = await LoginWithRoleAsync("o-room-admin", Roles.RoomAdmin, OtherCountyCode);

        foreach (var client in new[] { Neighbour, Resident, otherAdmin })
        {
            var response = await AnswerAsync(client, id, commentId, "我来答复。");
            await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM comment_answers"), Is.Zero);
    }

    [Test]
    public async Task BadInputIsRefusedInChineseAndNothingIsStored()
    {
        var id = await AnnouncedTopicAsync();
        var commentId = await CommentAsync(Neighbour, id);
        var other = await AnnouncedTopicAsync();

        var blank = await AnswerAsync(RoomAdmin, id, commentId, "  ");
        Assert.That(blank.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadJsonAsync(blank))["errors"]!["text"]![0]!.GetValue<string>(), Does.Contain("答复"));
        await AssertProblemAsync(await AnswerAsync(RoomAdmin, id, commentId, new string('答', 1001)), HttpStatusCode.BadRequest, "validation_failed");
        await AssertProblemAsync(await AnswerAsync(RoomAdmin, other, commentId, "答复"), HttpStatusCode.NotFound, "comment_not_found");
        await AssertProblemAsync(await AnswerAsync(RoomAdmin, id, commentId, "这里有测试违规词"), HttpStatusCode.UnprocessableEntity, "content_risky");
        await AssertProblemAsync(await AnswerAsync(RoomAdmin, id, commentId, "这里有测试待审词"), HttpStatusCode.UnprocessableEntity, "content_unchecked");

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM comment_answers"), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE action = 'answer_comment'"), Is.Zero);
    }

    [Test]
    public async Task HiddenAndHeldCommentsCannotBeAnswered()
    {
        var id = await AnnouncedTopicAsync();
        var hidden = await CommentAsync(Neighbour, id);
        await ActAsync(RoomAdmin, id, $"comments/{hidden}/hide", new { reason = "含有人身攻击" });
        var held = await CommentAsync(Neighbour, id, body: "这里有测试待审词");

        await AssertProblemAsync(await AnswerAsync(RoomAdmin, id, hidden, "答复"), HttpStatusCode.Conflict, "comment_hidden");
        await AssertProblemAsync(await AnswerAsync(RoomAdmin, id, held, "答复"), HttpStatusCode.Conflict, "comment_held");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM comment_answers"), Is.Zero);
    }

    [Test]
    public async Task TheCommenterIsToldOfTheFirstAnswerWithinTheirCreditsAndNotAgainForACorrection()
    {
        var id = await AnnouncedTopicAsync();
        var commentId = await CommentAsync(Neighbour, id);
        await SubscribeAsync(Neighbour, "topic_progress", accepted: 2);

        await AnsweredAsync(RoomAdmin, id, commentId, "电费由物业支出。");
        await AnsweredAsync(RoomAdmin, id, commentId, "更正：电费由物业从公共收益中支出。");

        var notices = await NoticesToAsync(NeighbourId);
        Assert.That(notices, Has.Count.EqualTo(1));
        Assert.That(notices[0].Data.Values, Does.Contain("您的意见已有官方答复"));
        Assert.That(notices[0].Page, Does.EndWith($"id={id}"));
        Assert.That(await CreditsAsync(NeighbourId, "topic_progress"), Is.EqualTo(1), "one credit spent");
    }

    [Test]
    public async Task ACommenterWithoutACreditIsNotMessagedButTheAnswerStands()
    {
        var id = await AnnouncedTopicAsync();
        var commentId = await CommentAsync(Neighbour, id);

        await AnsweredAsync(RoomAdmin, id, commentId, "电费由物业支出。");

        Assert.That(await NoticesToAsync(NeighbourId), Is.Empty);
        Assert.That((await CommentOfAsync(Neighbour, id, commentId))["answer"], Is.Not.Null);
    }

    [Test]
    public async Task TopicsWithDoubtsUnansweredForMoreThanThreeDaysAreOnTheRoomAdminsDueListUntilAnswered()
    {
        var old = await AnnouncedTopicAsync();
        var oldDoubt = await CommentAsync(Neighbour, old);
        await CommentAsync(Resident, old, body: "施工会不会影响停车？");
        // Raised three and a half days ago (moving the clock would expire the logins).
        await ExecuteAsync("UPDATE topic_comments SET created_at = created_at - INTERVAL 84 HOUR WHERE topic_id = @old", new { old });
        var fresh = await AnnouncedTopicAsync();
        await CommentAsync(Neighbour, fresh);
        await ExecuteAsync("UPDATE topic_comments SET created_at = created_at - INTERVAL 70 HOUR WHERE topic_id = @fresh", new { fresh });
        var suggestion = await AnnouncedTopicAsync();
        await CommentAsync(Neighbour, suggestion, stance: "suggestion", body: "建议装太阳能灯。");

        var items = (await ReadJsonAsync(await RoomAdmin.GetAsync("/api/due")))["items"]!.AsArray();

        var due = items.Where(i => i!["kind"]!.GetValue<string>() == "doubts_unanswered").ToList();
        Assert.That(due.Select(i => i!["topicId"]!.GetValue<long>()), Is.EqualTo(new[] { old }), "only the topic whose doubts waited more than three days");
        Assert.That(due[0]!["unansweredDoubts"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(due[0]!["reason"]!.GetValue<string>(), Does.Contain("2 条居民疑问超过 3 天未答复"));

        await AnsweredAsync(RoomAdmin, old, oldDoubt, "电费由物业支出。");
        var after = (await ReadJsonAsync(await RoomAdmin.GetAsync("/api/due")))["items"]!.AsArray();
        Assert.That(after.Single(i => i!["kind"]!.GetValue<string>() == "doubts_unanswered")!["unansweredDoubts"]!.GetValue<int>(), Is.EqualTo(1));
    }
}
