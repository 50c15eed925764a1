using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MaShangYi.Tests.Channels;

public sealed class CallbackTests : ChannelTest
{
    private CallbackListener _listener = null!;

    [SetUp]
    public async Task StartListenerAsync() => _listener = await CallbackListener.StartAsync();

    [TearDown]
    public async Task StopListenerAsync() => await _listener.DisposeAsync();

    private async Task<(CreatedChannel Channel, long TopicId, string Receipt)> ItemWithCallbackAsync()
    {
        var channel = await CreateChannelAsync();
        var registered = await channel.Client.PutAsJsonAsync("/open311/v2/callback.json", new { callback_url = _listener.Url });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.OK), await registered.Content.ReadAsStringAsync());
        var (receipt, topicId) = await SendItemAsync(channel.Client, "12345-0001");
        return (channel, topicId, receipt);
    }

    private static bool SignatureIsValid(ReceivedCallback callback, string secret)
    {
        var timestamp = callback.Headers["X-MaShangYi-Timestamp"];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + callback.Body)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(callback.Headers["X-MaShangYi-Signature"]));
    }

    [Test]
    public async Task AStatusChangeIsPostedToTheCallbackUrlSignedWithTheChannelsSecret()
    {
        var (channel, topicId, receipt) = await ItemWithCallbackAsync();
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM outbox"), Is.Zero, "the submission itself is answered, not called back");

        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });
        Assert.That(await RunOutboxAsync(), Is.EqualTo(1));

        var callback = _listener.Received.Single();
        Assert.That(SignatureIsValid(callback, channel.SigningSecret), Is.True);
        Assert.That(SignatureIsValid(callback, channel.SigningSecret + "x"), Is.False);
        Assert.That(callback.Headers["X-MaShangYi-Timestamp"], Is.EqualTo(Api.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var body = JsonNode.Parse(callback.Body)!.AsObject();
        Assert.That((body["action"]!.GetValue<string>(), body["from_status"]!.GetValue<string>(), body["to_status"]!.GetValue<string>()),
            Is.EqualTo(("accept", "submitted", "announced")));
        Assert.That(body["service_request"]!["service_request_id"]!.GetValue<string>(), Is.EqualTo(receipt));
        Assert.That(body["service_request"]!["status"]!.GetValue<string>(), Is.EqualTo("open"));
        Assert.That(await ScalarAsync<string>("SELECT status FROM outbox"), Is.EqualTo("sent"));
    }

    [Test]
    public async Task ACallbackThatFailsOnceIsRetriedAfterTheBackoff()
    {
        var (channel, topicId, _) = await ItemWithCallbackAsync();
        _listener.Answer(503);

        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });
        await RunOutboxAsync();
        Assert.That(await ScalarAsync<string>("SELECT CONCAT(status, ' ', last_error) FROM outbox"), Is.EqualTo("pending HTTP 503"));
        Assert.That(await RunOutboxAsync(), Is.Zero, "not before the backoff");

        Api.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.That(await RunOutboxAsync(), Is.EqualTo(1));

        Assert.That(_listener.Received, Has.Count.EqualTo(2));
        Assert.That(_listener.Received.All(c => SignatureIsValid(c, channel.SigningSecret)), Is.True);
        Assert.That(_listener.Received.Select(c => c.Headers["X-MaShangYi-Event-Id"]).Distinct().Count(), Is.EqualTo(1), "the receiver can tell a retry from a new event");
        Assert.That(await ScalarAsync<string>("SELECT status FROM outbox"), Is.EqualTo("sent"));
    }

    [Test]
    public async Task ACallbackRefusedWith400IsDroppedNotRetried()
    {
        var (_, topicId, _) = await ItemWithCallbackAsync();
        _listener.Answer(400);

        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });
        await RunOutboxAsync();

        Assert.That(await ScalarAsync<string>("SELECT status FROM outbox"), Is.EqualTo("dropped"));
    }

    [Test]
    public async Task TheChangeDoesNotWaitForAChannelThatIsDown()
    {
        var (_, topicId, _) = await ItemWithCallbackAsync();
        var registered = _listener;
        _listener = await CallbackListener.StartAsync(); // started first, so it cannot take the registered port
        await registered.DisposeAsync();

        var accepted = await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });

        Assert.That(Status(accepted), Is.EqualTo("announced"));
        Assert.That(await ScalarAsync<string>("SELECT status FROM outbox WHERE kind = 'channel_callback'"), Is.EqualTo("pending"), "sent later, from the outbox");
        await RunOutboxAsync();
        Assert.That(await ScalarAsync<string>("SELECT status FROM outbox"), Is.EqualTo("pending"), "a network error is retried");
        Assert.That(await ScalarAsync<string>("SELECT last_error FROM outbox"), Does.StartWith("HttpRequestException"));
    }

    [Test]
    public async Task AChangeThatRollsBackLeavesNoCallbackBehind()
    {
        var (_, topicId, _) = await ItemWithCallbackAsync();
        Api.Observer.Fail = true;

        var response = await Reviewer.PostAsJsonAsync($"/api/topics/{topicId}/accept", new { announcementEndsOn = Today(7) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM outbox"), Is.Zero);
    }

    [TestCase("http://example.com/hook")]
    [TestCase("ftp://127.0.0.1/hook")]
    [TestCase("not a url")]
    public async Task ACallbackUrlMustBeHttpsOrLoopbackHttpInTesting(string url)
    {
        var channel = await CreateChannelAsync();

        var response = await channel.Client.PutAsJsonAsync("/open311/v2/callback.json", new { callback_url = url });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(await ScalarAsync<string?>("SELECT callback_url FROM channels"), Is.Null);
    }
}
