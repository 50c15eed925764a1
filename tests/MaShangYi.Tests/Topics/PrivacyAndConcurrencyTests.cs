using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

public sealed class PrivacyAndConcurrencyTests : TopicTest
{
    [Test]
    public async Task AnAnonymousProposersIdentityAppearsInNoPublicOrOtherUsersResponse()
    {
        var id = (await SubmitAsync(anonymous: true, extra: new { proposerName = "张三" }))["id"]!.GetValue<long>();
        await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });
        var (neighbour, _) = await LoginAsync("neighbour");
        var openId = SimulatedWeChatClient.OpenIdFor("resident");

        var responses = new[]
        {
            await Anonymous.GetAsync($"/api/topics/{id}"),
            await neighbour.GetAsync($"/api/topics/{id}"),
            await Reviewer.GetAsync($"/api/topics/{id}"),
            await Anonymous.GetAsync($"/api/rooms/{RoomId}/topics"),
            await Anonymous.GetAsync($"/api/topics/by-receipt/{await ScalarAsync<string>("SELECT receipt_no FROM topics WHERE id = @id", new { id })}"),
        };

        foreach (var response in responses)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(text, Does.Not.Contain("张三").And.Not.Contain(openId).And.Not.Contain($"\"userId\":{ResidentId}").And.Not.Contain("proposerUserId"));
        }

        var shown = await ReadJsonAsync(responses[1]);
        Assert.That(shown["proposer"]!["display"]!.GetValue<string>(), Is.EqualTo("居民"));
        Assert.That(shown["proposer"]!["isMine"]!.GetValue<bool>(), Is.False);
        Assert.That((await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{id}")))["proposer"]!["isMine"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task ANamedTopicShowsTheNameTheProposerChose()
    {
        var id = (await SubmitAsync(extra: new { proposerName = "李阿姨" }))["id"]!.GetValue<long>();
        await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });

        var topic = await ReadJsonAsync(await Anonymous.GetAsync($"/api/topics/{id}"));

        Assert.That(topic["proposer"]!["display"]!.GetValue<string>(), Is.EqualTo("李阿姨"));
    }

    [Test]
    public async Task ATopicUnderReviewIsHiddenFromEveryoneButItsProposerAndTheStaffOverTheRoom()
    {
        var id = (await SubmitAsync())["id"]!.GetValue<long>();
        var (neighbour, _) = await LoginAsync("neighbour");

        await AssertProblemAsync(await Anonymous.GetAsync($"/api/topics/{id}"), HttpStatusCode.NotFound, "topic_not_found");
        await AssertProblemAsync(await neighbour.GetAsync($"/api/topics/{id}"), HttpStatusCode.NotFound, "topic_not_found");
        Assert.That((await Resident.GetAsync($"/api/topics/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Reviewer.GetAsync($"/api/topics/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await CityAdmin.GetAsync($"/api/topics/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TwoReviewersDecidingAtOnceOneWinsTheOtherGets409AndNothingIsHalfApplied()
    {
        var id = (await SubmitAsync())["id"]!.GetValue<long>();
        var second = await LoginWithRoleAsync("second-reviewer", MaShangYi.Api.Infrastructure.Auth.Roles.Reviewer, TownCode);
        var criterion = await CriterionIdAsync();

        for (var round = 0; round < 5; round++)
        {
            var topicId = round == 0 ? id : (await SubmitAsync())["id"]!.GetValue<long>();
            var responses = await Task.WhenAll(
                Reviewer.PostAsJsonAsync($"/api/topics/{topicId}/accept", new { announcementEndsOn = Today(7) }),
                second.PostAsJsonAsync($"/api/topics/{topicId}/reject", new { criterionId = criterion, reason = "重复" }));

            var codes = responses.Select(r => r.StatusCode).ToList();
            Assert.That(codes.Count(c => c == HttpStatusCode.OK), Is.EqualTo(1), string.Join(",", codes));
            Assert.That(codes.Count(c => c == HttpStatusCode.Conflict), Is.EqualTo(1), string.Join(",", codes));
            var loser = await ReadJsonAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Conflict));
            Assert.That(loser["code"]!.GetValue<string>(), Is.AnyOf("topic_changed", "invalid_transition"));
            Assert.That(loser["currentStatus"]!.GetValue<string>(), Is.AnyOf("announced", "rejected"));

            var status = await ScalarAsync<string>("SELECT status FROM topics WHERE id = @topicId", new { topicId });
            Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE topic_id = @topicId", new { topicId }), Is.EqualTo(2), "submit + the one decision");
            Assert.That(await ScalarAsync<bool>("SELECT rejection_reason IS NULL FROM topics WHERE id = @topicId", new { topicId }), Is.EqualTo(status == "announced"));
        }
    }

    [Test]
    public async Task EveryChangeIsPublishedToObserversInsideItsOwnTransaction()
    {
        var id = (await SubmitAsync())["id"]!.GetValue<long>();
        await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });

        Assert.That(Api.Observer.Changes.Select(c => (c.TopicId, c.Action, c.To)), Is.EqualTo(new[] { (id, "submit", "submitted"), (id, "accept", "announced") }));

        Api.Observer.Fail = true;
        var failed = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/classify", new { @class = "A" });

        Assert.That((int)failed.StatusCode, Is.EqualTo(500));
        Assert.That(await ScalarAsync<string?>("SELECT classification FROM topics WHERE id = @id", new { id }), Is.Null, "an observer failing rolls the change back");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE topic_id = @id", new { id }), Is.EqualTo(2));
    }
}
