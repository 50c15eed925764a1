using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MaShangYi.Tests.Channels;

/// <summary>What the console shows of a channel's callbacks: whether its receiver answers, and the recent attempts.</summary>
public sealed class CallbackDeliveryTests : ChannelTest
{
    private CallbackListener _listener = null!;

    [SetUp]
    public async Task StartListenerAsync() => _listener = await CallbackListener.StartAsync();

    [TearDown]
    public async Task StopListenerAsync() => await _listener.DisposeAsync();

    private async Task<JsonObject> ListedAsync(long channelId) =>
        (await ReadJsonArrayAsync(await CityAdmin.GetAsync("/api/channels"))).Single(c => c!["id"]!.GetValue<long>() == channelId)!.AsObject();

    [Test]
    public async Task TheListShowsTheCallbackStatusAndTheDeliveriesEachAttempt()
    {
        var channel = await CreateChannelAsync();
        await channel.Client.PutAsJsonAsync("/open311/v2/callback.json", new { callback_url = _listener.Url });
        var (receipt, topicId) = await SendItemAsync(channel.Client, "12345-0001");
        var before = await ListedAsync(channel.Id);
        Assert.That((before["callbackUrl"]!.GetValue<string>(), before["callbackStatus"]), Is.EqualTo((_listener.Url, (JsonNode?)null)));

        _listener.Answer(503, 503);
        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });
        await RunOutboxAsync();
        Api.Clock.Advance(TimeSpan.FromSeconds(31));
        await RunOutboxAsync();
        var failing = (await ListedAsync(channel.Id))["callbackStatus"]!;
        Assert.That((failing["lastStatus"]!.GetValue<string>(), failing["failuresInRow"]!.GetValue<int>()), Is.EqualTo(("failed", 2)));

        Api.Clock.Advance(TimeSpan.FromSeconds(61));
        await RunOutboxAsync();
        var answered = (await ListedAsync(channel.Id))["callbackStatus"]!;
        Assert.That((answered["lastStatus"]!.GetValue<string>(), answered["failuresInRow"]!.GetValue<int>()), Is.EqualTo(("sent", 0)));

        var deliveries = (await ReadJsonAsync(await CityAdmin.GetAsync($"/api/channels/{channel.Id}/deliveries?limit=20")))["items"]!.AsArray();
        Assert.That(deliveries.Select(d => (d!["status"]!.GetValue<string>(), d["httpStatus"]!.GetValue<int>(), d["attempts"]!.GetValue<int>())),
            Is.EqualTo(new[] { ("sent", 200, 3), ("failed", 503, 2), ("failed", 503, 1) }), "newest first");
        Assert.That(deliveries.Select(d => d!["topicReceiptNo"]!.GetValue<string>()), Is.All.EqualTo(receipt));
        Assert.That(answered["lastDeliveryAt"]!.GetValue<DateTime>(), Is.EqualTo(deliveries[0]!["at"]!.GetValue<DateTime>()));
    }

    [Test]
    public async Task OnlyTheCitysAdminSeesAChannelsDeliveries()
    {
        var channel = await CreateChannelAsync();
        var countyAdmin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");

        await AssertProblemAsync(await countyAdmin.GetAsync($"/api/channels/{channel.Id}/deliveries"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await CityAdmin.GetAsync("/api/channels/999999/deliveries"), HttpStatusCode.NotFound, "channel_not_found");
        await AssertProblemAsync(await CityAdmin.GetAsync($"/api/channels/{channel.Id}/deliveries?limit=500"), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That((await ReadJsonAsync(await CityAdmin.GetAsync($"/api/channels/{channel.Id}/deliveries")))["items"]!.AsArray(), Is.Empty);
    }
}
