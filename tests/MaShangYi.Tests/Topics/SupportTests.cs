using System.Net;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

public sealed class SupportTests : TopicTest
{
    private static Task<int> SupportCountAsync(long topicId) => ScalarAsync<int>("SELECT support_count FROM topics WHERE id = @topicId", new { topicId });

    [Test]
    public async Task AResidentSupportsATopicOnceAndTheTopicShowsIt()
    {
        var topicId = await AnnouncedTopicAsync();

        var response = await Resident.PostAsync($"/api/topics/{topicId}/support", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var state = await ReadJsonAsync(response);
        Assert.That(state["supportCount"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(state["supportedByMe"]!.GetValue<bool>(), Is.True);
        var topic = await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{topicId}"));
        Assert.That(topic["supportedByMe"]!.GetValue<bool>(), Is.True);
        Assert.That(topic["supportCount"]!.GetValue<int>(), Is.EqualTo(1));
        var publicView = await ReadJsonAsync(await Anonymous.GetAsync($"/api/topics/{topicId}"));
        Assert.That(publicView["supportedByMe"]!.GetValue<bool>(), Is.False);
        Assert.That(publicView["supportCount"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task ASecondSupportBySameUserIs409AndCountsOnce()
    {
        var topicId = await AnnouncedTopicAsync();
        await Resident.PostAsync($"/api/topics/{topicId}/support", null);

        var again = await Resident.PostAsync($"/api/topics/{topicId}/support", null);

        await AssertProblemAsync(again, HttpStatusCode.Conflict, "already_supported");
        Assert.That(await SupportCountAsync(topicId), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_supports"), Is.EqualTo(1));
    }

    [Test]
    public async Task SupportsTappedAtOnceByOneUserCountOnce()
    {
        var topicId = await AnnouncedTopicAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Resident.PostAsync($"/api/topics/{topicId}/support", null)));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(5));
        Assert.That(await SupportCountAsync(topicId), Is.EqualTo(1));
    }

    [Test]
    public async Task ResidentsSupportingOneTopicAtOnceAreEachCountedNoneRefused()
    {
        var topicId = await AnnouncedTopicAsync();
        var residents = await Task.WhenAll(Enumerable.Range(1, 8).Select(async n => (await LoginAsync($"supporter-{n}")).Client));

        var responses = await Task.WhenAll(residents.Select(r => r.PostAsync($"/api/topics/{topicId}/support", null)));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK),
            string.Join("\n", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))));
        Assert.That((await Task.WhenAll(responses.Select(ReadJsonAsync))).Select(s => s["supportCount"]!.GetValue<int>()).Order(), Is.EqualTo(Enumerable.Range(1, 8)),
            "each answer counts the supports committed with it");
        Assert.That(await SupportCountAsync(topicId), Is.EqualTo(8));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_supports WHERE topic_id = @topicId", new { topicId }), Is.EqualTo(8));
    }

    /// <summary>A support that waited behind a staff change closing the topic to supports is refused and not counted.</summary>
    [Test]
    public async Task ASupportThatWaitedWhileTheTopicClosedIsRefusedAndNotCounted()
    {
        var id = await AnnouncedTopicAsync();

        var supported = await ActWhileTheTopicMovesOnAsync(id, "completed", $"FROM topics WHERE id = {id} FOR UPDATE",
            () => Resident.PostAsync($"/api/topics/{id}/support", null));

        await AssertProblemAsync(supported, HttpStatusCode.Conflict, "topic_changed");
        Assert.That(await ScalarAsync<int>("SELECT support_count FROM topics WHERE id = @id", new { id }), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_supports WHERE topic_id = @id", new { id }), Is.Zero);
    }

    [Test]
    public async Task WithdrawingASupportLowersTheCountAndASecondWithdrawalIs404()
    {
        var topicId = await AnnouncedTopicAsync();
        var (neighbour, _) = await LoginAsync("neighbour");
        await Resident.PostAsync($"/api/topics/{topicId}/support", null);
        await neighbour.PostAsync($"/api/topics/{topicId}/support", null);
        Assert.That(await SupportCountAsync(topicId), Is.EqualTo(2));

        var withdrawn = await Resident.DeleteAsync($"/api/topics/{topicId}/support");

        Assert.That(withdrawn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await withdrawn.Content.ReadAsStringAsync());
        var state = await ReadJsonAsync(withdrawn);
        Assert.That((state["supportCount"]!.GetValue<int>(), state["supportedByMe"]!.GetValue<bool>()), Is.EqualTo((1, false)));
        Assert.That((await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{topicId}")))["supportedByMe"]!.GetValue<bool>(), Is.False);
        await AssertProblemAsync(await Resident.DeleteAsync($"/api/topics/{topicId}/support"), HttpStatusCode.NotFound, "support_not_found");
        Assert.That(await SupportCountAsync(topicId), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_supports"), Is.EqualTo(1));
    }

    [Test]
    public async Task ATopicUnderReviewCannotBeSupported()
    {
        var topicId = (await SubmitAsync())["id"]!.GetValue<long>();
        var (neighbour, _) = await LoginAsync("neighbour");

        await AssertProblemAsync(await neighbour.PostAsync($"/api/topics/{topicId}/support", null), HttpStatusCode.NotFound, "topic_not_found");
        await AssertProblemAsync(await Resident.PostAsync($"/api/topics/{topicId}/support", null), HttpStatusCode.Conflict, "invalid_transition");
        Assert.That(await SupportCountAsync(topicId), Is.Zero);
    }

    [Test]
    public async Task AnonymousCallersCannotSupport()
    {
        var topicId = await AnnouncedTopicAsync();

        await AssertProblemAsync(await Anonymous.PostAsync($"/api/topics/{topicId}/support", null), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.That(await SupportCountAsync(topicId), Is.Zero);
    }

    [Test]
    public async Task NoResponseToAnotherUserNamesWhoSupported()
    {
        var topicId = await AnnouncedTopicAsync();
        var (neighbour, neighbourId) = await LoginAsync("neighbour");
        await neighbour.PostAsync($"/api/topics/{topicId}/support", null);

        var text = await (await Anonymous.GetAsync($"/api/topics/{topicId}")).Content.ReadAsStringAsync();

        Assert.That(text, Does.Not.Contain(SimulatedWeChatClient.OpenIdFor("neighbour")));
        Assert.That(text, Does.Not.Contain($"\"userId\":{neighbourId}"));
    }
}
