using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

public sealed class CommentTests : TopicTest
{
    // photos: [{ id, thumbUrl, url, status, mine }] — random keys in the URLs, nothing of who took them.
    private static readonly string[] CommentFields =
        ["id", "author", "isMine", "stance", "stanceName", "body", "held", "hidden", "hiddenReason", "createdAt", "reportedByMe", "reportCount", "photos", "answer"];

    private HttpClient Neighbour { get; set; } = null!;

    private long NeighbourId { get; set; }

    [SetUp]
    public async Task SetUpNeighbourAsync() => (Neighbour, NeighbourId) = await LoginAsync("neighbour");

    private static Task<HttpResponseMessage> CommentAsync(HttpClient client, long topicId, string body, string stance = "support") =>
        client.PostAsJsonAsync($"/api/topics/{topicId}/comments", new { stance, body });

    private static async Task<long> PostedAsync(HttpClient client, long topicId, string body, string stance = "support")
    {
        var response = await CommentAsync(client, topicId, body, stance);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["id"]!.GetValue<long>();
    }

    private static async Task<JsonObject> ListAsync(HttpClient client, long topicId, string query = "")
    {
        var response = await client.GetAsync($"/api/topics/{topicId}/comments{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    private static List<JsonObject> Items(JsonObject page) => page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();

    private static Task<int> CommentCountAsync(long topicId) => ScalarAsync<int>("SELECT comment_count FROM topics WHERE id = @topicId", new { topicId });

    [Test]
    public async Task ACommentShowsItsAuthorAsMeToThemAndAsAResidentToEveryoneElseNeverByIdentity()
    {
        var topicId = await AnnouncedTopicAsync();

        var created = await CommentAsync(Neighbour, topicId, "路灯确实该修了，我每天晚上都经过。");

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var mine = Items(await ListAsync(Neighbour, topicId)).Single();
        Assert.That(mine["author"]!.GetValue<string>(), Is.EqualTo("我"));
        Assert.That(mine["isMine"]!.GetValue<bool>(), Is.True);
        var openId = SimulatedWeChatClient.OpenIdFor("neighbour");
        foreach (var other in new[] { Anonymous, Resident, RoomAdmin })
        {
            var response = await other.GetAsync($"/api/topics/{topicId}/comments");
            var text = await response.Content.ReadAsStringAsync();
            var item = Items(JsonNode.Parse(text)!.AsObject()).Single();
            Assert.That(item["author"]!.GetValue<string>(), Is.EqualTo("居民"));
            Assert.That(item["isMine"]!.GetValue<bool>(), Is.False);
            Assert.That(item["stanceName"]!.GetValue<string>(), Is.EqualTo("支持"));
            Assert.That(item.Select(p => p.Key), Is.EquivalentTo(CommentFields), "no field that could carry the author's identity");
            Assert.That(text, Does.Not.Contain(openId));
            var topicText = await (await other.GetAsync($"/api/topics/{topicId}")).Content.ReadAsStringAsync();
            Assert.That(topicText, Does.Not.Contain(openId));
        }

        Assert.That(await CommentCountAsync(topicId), Is.EqualTo(1));
    }

    [Test]
    public async Task CommentsAreListedNewestFirstInKeysetPagesWithCountsPerStance()
    {
        var topicId = await AnnouncedTopicAsync();
        var first = await PostedAsync(Neighbour, topicId, "支持尽快维修。");
        var second = await PostedAsync(Resident, topicId, "为什么拖了一个月？", "doubt");
        var third = await PostedAsync(Neighbour, topicId, "建议换成太阳能路灯。", "suggestion");

        var page1 = await ListAsync(Anonymous, topicId, "?limit=2");
        var page2 = await ListAsync(Anonymous, topicId, $"?limit=2&after={page1["nextAfter"]}");

        Assert.That(Items(page1).Select(i => i["id"]!.GetValue<long>()), Is.EqualTo(new[] { third, second }));
        Assert.That(Items(page2).Select(i => i["id"]!.GetValue<long>()), Is.EqualTo(new[] { first }));
        Assert.That(page2["nextAfter"], Is.Null);
        var counts = page1["counts"]!;
        Assert.That(
            (counts["support"]!.GetValue<int>(), counts["doubt"]!.GetValue<int>(), counts["suggestion"]!.GetValue<int>(), counts["total"]!.GetValue<int>()),
            Is.EqualTo((1, 1, 1, 3)));
        Assert.That(Items(page1)[0]["stanceName"]!.GetValue<string>(), Is.EqualTo("建议"));
        Assert.That(await CommentCountAsync(topicId), Is.EqualTo(3));
    }

    /// <summary>A comment that waited behind a staff change closing the topic to comments is refused: nothing stored or counted.</summary>
    [Test]
    public async Task ACommentThatWaitedWhileTheTopicClosedIsRefusedAndNothingIsStored()
    {
        var id = await AnnouncedTopicAsync();

        // The comment waits at its first statement that touches the topic's row: the count, or the comment's foreign key.
        var posted = await ActWhileTheTopicMovesOnAsync(id, "completed", "comment",
            () => Resident.PostAsJsonAsync($"/api/topics/{id}/comments", new { stance = "suggestion", body = "晚上九点后关灯。" }));

        await AssertProblemAsync(posted, HttpStatusCode.Conflict, "topic_changed");
        Assert.That(await ScalarAsync<int>("SELECT comment_count FROM topics WHERE id = @id", new { id }), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_comments WHERE topic_id = @id", new { id }), Is.Zero);
    }

    [Test]
    public async Task RiskyTextIsRefusedWith422AndNothingIsStored()
    {
        var topicId = await AnnouncedTopicAsync();

        var response = await CommentAsync(Neighbour, topicId, "这里有测试违规词");

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "content_risky");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_comments"), Is.Zero);
        Assert.That(await CommentCountAsync(topicId), Is.Zero);
    }

    [Test]
    public async Task TextToBeReviewedIsHeldVisibleOnlyToItsAuthorAndStaffUntilARoomAdminApprovesIt()
    {
        var topicId = await AnnouncedTopicAsync();

        var created = await ReadJsonAsync(await CommentAsync(Neighbour, topicId, "含有测试待审词的意见"));

        Assert.That(created["held"]!.GetValue<bool>(), Is.True);
        var commentId = created["id"]!.GetValue<long>();
        Assert.That(Items(await ListAsync(Anonymous, topicId)), Is.Empty);
        Assert.That(Items(await ListAsync(Resident, topicId)), Is.Empty);
        Assert.That(Items(await ListAsync(Neighbour, topicId)).Single()["held"]!.GetValue<bool>(), Is.True);
        Assert.That(Items(await ListAsync(RoomAdmin, topicId)).Single()["held"]!.GetValue<bool>(), Is.True);
        Assert.That(await CommentCountAsync(topicId), Is.Zero, "held comments are not counted");
        Assert.That((await ListAsync(Anonymous, topicId))["counts"]!["total"]!.GetValue<int>(), Is.Zero);

        var topic = await ActAsync(RoomAdmin, topicId, $"comments/{commentId}/approve", new { });

        Assert.That(topic["timeline"]!.AsArray().Last()!["action"]!.GetValue<string>(), Is.EqualTo("approve_comment"));
        var published = Items(await ListAsync(Anonymous, topicId)).Single();
        Assert.That(published["held"]!.GetValue<bool>(), Is.False);
        Assert.That(published["body"]!.GetValue<string>(), Is.EqualTo("含有测试待审词的意见"));
        Assert.That(await CommentCountAsync(topicId), Is.EqualTo(1));
        await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{topicId}/comments/{commentId}/approve", new { }), HttpStatusCode.Conflict, "comment_not_held");
    }

    [Test]
    public async Task WhenTheContentCheckIsUnreachableTheCommentIsKeptAndHeldNeverLost()
    {
        var topicId = await AnnouncedTopicAsync();
        Api.WeChat.FailWith = new WeChatException(WeChatFailure.Unreachable, -2, "down");

        var created = await ReadJsonAsync(await CommentAsync(Neighbour, topicId, "希望尽快修好。"));

        Assert.That(created["held"]!.GetValue<bool>(), Is.True);
        Assert.That(await ScalarAsync<string>("SELECT moderation FROM topic_comments"), Is.EqualTo("held"));
        Assert.That(Items(await ListAsync(Anonymous, topicId)), Is.Empty);
    }

    [Test]
    public async Task OnlyARoomAdminMayApproveAHeldComment()
    {
        var topicId = await AnnouncedTopicAsync();
        var commentId = (await ReadJsonAsync(await CommentAsync(Neighbour, topicId, "测试待审词"))).AsObject()["id"]!.GetValue<long>();

        var response = await Resident.PostAsJsonAsync($"/api/topics/{topicId}/comments/{commentId}/approve", new { });

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await ScalarAsync<string>("SELECT moderation FROM topic_comments"), Is.EqualTo("held"));
    }

    [Test]
    public async Task ARoomAdminHidesACommentWhichStaysListedWithTheReasonButWithoutItsText()
    {
        var topicId = await AnnouncedTopicAsync();
        var commentId = await PostedAsync(Neighbour, topicId, "某某家的人都不是好东西");

        var topic = await ActAsync(RoomAdmin, topicId, $"comments/{commentId}/hide", new { reason = "含有人身攻击" });

        var hideEvent = topic["timeline"]!.AsArray().Last()!;
        Assert.That(hideEvent["action"]!.GetValue<string>(), Is.EqualTo("hide_comment"));
        Assert.That(hideEvent["note"]!.GetValue<string>(), Is.EqualTo("含有人身攻击"));
        Assert.That(hideEvent["actorRole"]!.GetValue<string>(), Is.EqualTo("议事室管理员"));
        foreach (var client in new[] { Anonymous, Neighbour })
        {
            var response = await client.GetAsync($"/api/topics/{topicId}/comments");
            var text = await response.Content.ReadAsStringAsync();
            var item = Items(JsonNode.Parse(text)!.AsObject()).Single();
            Assert.That(item["hidden"]!.GetValue<bool>(), Is.True);
            Assert.That(item["body"]!.GetValue<string>(), Is.EqualTo("这条意见已被屏蔽"));
            Assert.That(item["hiddenReason"]!.GetValue<string>(), Is.EqualTo("含有人身攻击"));
            Assert.That(text, Does.Not.Contain("好东西"));
        }

        Assert.That(await ScalarAsync<string>("SELECT body FROM topic_comments WHERE id = @commentId", new { commentId }), Is.EqualTo("某某家的人都不是好东西"),
            "kept for the audit trail");
        Assert.That(await CommentCountAsync(topicId), Is.Zero);
        Assert.That((await ListAsync(Anonymous, topicId))["counts"]!["support"]!.GetValue<int>(), Is.Zero);
        await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{topicId}/comments/{commentId}/hide", new { reason = "再次" }),
            HttpStatusCode.Conflict, "comment_already_hidden");
    }

    [Test]
    public async Task HidingAHeldCommentRejectsItWithoutTouchingTheCountOfPublishedOnes()
    {
        var topicId = await AnnouncedTopicAsync();
        await PostedAsync(Resident, topicId, "支持。");
        var heldId = (await ReadJsonAsync(await CommentAsync(Neighbour, topicId, "测试待审词"))).AsObject()["id"]!.GetValue<long>();

        await ActAsync(RoomAdmin, topicId, $"comments/{heldId}/hide", new { reason = "不宜公开" });

        Assert.That(await CommentCountAsync(topicId), Is.EqualTo(1));
        var forAuthor = Items(await ListAsync(Neighbour, topicId)).Single(i => i["id"]!.GetValue<long>() == heldId);
        Assert.That((forAuthor["hidden"]!.GetValue<bool>(), forAuthor["held"]!.GetValue<bool>()), Is.EqualTo((true, false)));
        await AssertProblemAsync(await RoomAdmin.PostAsJsonAsync($"/api/topics/{topicId}/comments/{heldId}/approve", new { }), HttpStatusCode.Conflict, "comment_not_held");
    }

    [Test]
    public async Task OnlyARoomAdminOverTheRoomMayHideAComment()
    {
        var topicId = await AnnouncedTopicAsync();
        var commentId = await PostedAsync(Neighbour, topicId, "说得对。");
        var otherAdmin = await LoginWithRoleAsync("other-admin", MaShangYi.Api.Infrastructure.Auth.Roles.RoomAdmin, OtherCountyCode);

        foreach (var client in new[] { Resident, Reviewer, otherAdmin })
        {
            var response = await client.PostAsJsonAsync($"/api/topics/{topicId}/comments/{commentId}/hide", new { reason = "不当言论" });
            await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.That(await ScalarAsync<string>("SELECT moderation FROM topic_comments"), Is.EqualTo("visible"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE action = 'hide_comment'"), Is.Zero);
    }

    [Test]
    public async Task HidingACommentOfAnotherTopicIs404AndChangesNothing()
    {
        var topicId = await AnnouncedTopicAsync();
        var otherTopicId = await AnnouncedTopicAsync();
        var commentId = await PostedAsync(Neighbour, otherTopicId, "说得对。");
        var version = await ScalarAsync<int>("SELECT version FROM topics WHERE id = @topicId", new { topicId });

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{topicId}/comments/{commentId}/hide", new { reason = "不当言论" });

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "comment_not_found");
        Assert.That(await ScalarAsync<int>("SELECT version FROM topics WHERE id = @topicId", new { topicId }), Is.EqualTo(version));
        Assert.That(await ScalarAsync<string>("SELECT moderation FROM topic_comments"), Is.EqualTo("visible"));
    }

    [Test]
    public async Task AUserReportsACommentOnceAndTheCountOnlyStaffSeeGoesUp()
    {
        var topicId = await AnnouncedTopicAsync();
        var commentId = await PostedAsync(Neighbour, topicId, "说得对。");
        var url = $"/api/topics/{topicId}/comments/{commentId}/report";

        var first = await Resident.PostAsJsonAsync(url, new { reason = "广告" });
        var again = await Resident.PostAsJsonAsync(url, new { reason = "广告" });
        var byReviewer = await Reviewer.PostAsJsonAsync(url, new { });

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "already_reported");
        Assert.That(byReviewer.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ScalarAsync<int>("SELECT report_count FROM topic_comments WHERE id = @commentId", new { commentId }), Is.EqualTo(2));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM comment_reports"), Is.EqualTo(2));
        var forReporter = Items(await ListAsync(Resident, topicId)).Single();
        Assert.That(forReporter["reportedByMe"]!.GetValue<bool>(), Is.True);
        Assert.That(forReporter["reportCount"], Is.Null);
        Assert.That(Items(await ListAsync(RoomAdmin, topicId)).Single()["reportCount"]!.GetValue<int>(), Is.EqualTo(2));
        await AssertProblemAsync(await Anonymous.PostAsJsonAsync(url, new { }), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    /// <summary>Residents reporting one comment at once (an abusive comment is seen by many) are each counted, none refused.</summary>
    [Test]
    public async Task ResidentsReportingOneCommentAtOnceAreEachCounted()
    {
        var topicId = await AnnouncedTopicAsync();
        var commentId = await PostedAsync(Neighbour, topicId, "说得对。");
        var reporters = new List<HttpClient>();
        for (var i = 0; i < 8; i++)
        {
            reporters.Add((await LoginAsync($"reporter-{i}")).Client);
        }

        var answers = await Task.WhenAll(reporters.Select(r => r.PostAsJsonAsync($"/api/topics/{topicId}/comments/{commentId}/report", new { reason = "人身攻击" })));

        Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ScalarAsync<int>("SELECT report_count FROM topic_comments WHERE id = @commentId", new { commentId }), Is.EqualTo(8));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM comment_reports WHERE comment_id = @commentId", new { commentId }), Is.EqualTo(8));
    }

    [Test]
    public async Task AnotherResidentsHeldCommentCannotBeReported()
    {
        var topicId = await AnnouncedTopicAsync();
        var commentId = (await ReadJsonAsync(await CommentAsync(Neighbour, topicId, "测试待审词"))).AsObject()["id"]!.GetValue<long>();

        var response = await Resident.PostAsJsonAsync($"/api/topics/{topicId}/comments/{commentId}/report", new { });

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "comment_not_found");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM comment_reports"), Is.Zero);
    }

    [Test]
    public async Task ATopicNotOpenForCommentTakesNoComments()
    {
        var submitted = (await SubmitAsync())["id"]!.GetValue<long>();

        await AssertProblemAsync(await CommentAsync(Neighbour, submitted, "提前说一句"), HttpStatusCode.NotFound, "topic_not_found");
        await AssertProblemAsync(await CommentAsync(Resident, submitted, "补充一句"), HttpStatusCode.Conflict, "invalid_transition");
        await AssertProblemAsync(await Anonymous.GetAsync($"/api/topics/{submitted}/comments"), HttpStatusCode.NotFound, "topic_not_found");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_comments"), Is.Zero);
        Assert.That(Api.WeChat.CallsTo(nameof(IWeChatClient.CheckTextAsync)), Is.EqualTo(1), "only the topic itself was checked");
    }

    [Test]
    public async Task AnonymousCallersCannotComment()
    {
        var topicId = await AnnouncedTopicAsync();

        await AssertProblemAsync(await CommentAsync(Anonymous, topicId, "匿名说一句"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Test]
    public async Task BadInputIs400NamingEachFieldAndStoresNothing()
    {
        var topicId = await AnnouncedTopicAsync();

        var response = await Neighbour.PostAsJsonAsync($"/api/topics/{topicId}/comments", new { stance = "love", body = new string('长', 1001) });
        var blank = await Neighbour.PostAsJsonAsync($"/api/topics/{topicId}/comments", new { stance = "doubt", body = "   " });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "stance", "body" }));
        await AssertProblemAsync(blank, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_comments"), Is.Zero);
        await AssertProblemAsync(await Anonymous.GetAsync($"/api/topics/{topicId}/comments?limit=51"), HttpStatusCode.BadRequest, "validation_failed");
    }
}
