using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Outbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MaShangYi.Tests.Channels;

/// <summary>
/// Callbacks never reach internal addresses: refused when the URL is registered (whatever form the address takes) and
/// again when the callback connects, after DNS. Here on a host without Channels:AllowLoopbackCallbacks, as deployed.
/// </summary>
public sealed class CallbackAddressTests : ChannelTest
{
    private WebApplicationFactory<Program> _strict = null!;

    [SetUp]
    public void StartStrictHost() =>
        _strict = Api.WithWebHostBuilder(builder => builder.UseSetting("Channels:AllowLoopbackCallbacks", "false"));

    [TearDown]
    public async Task StopStrictHostAsync() => await _strict.DisposeAsync();

    private HttpClient StrictClient(CreatedChannel channel)
    {
        var client = _strict.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", channel.Credential);
        return client;
    }

    [TestCase("https://10.0.0.5/hook")]
    [TestCase("https://172.16.8.1/hook")]
    [TestCase("https://192.168.1.10/hook")]
    [TestCase("https://100.64.0.1/hook")]
    [TestCase("https://169.254.169.254/latest/meta-data/")]
    [TestCase("https://127.0.0.1/hook")]
    [TestCase("https://127.1/hook")]
    [TestCase("https://0x7f000001/hook")]
    [TestCase("https://2130706433/hook")]
    [TestCase("https://0177.0.0.1/hook")]
    [TestCase("https://0.0.0.0/hook")]
    [TestCase("https://0/hook")]
    [TestCase("https://224.0.0.1/hook")]
    [TestCase("https://255.255.255.255/hook")]
    [TestCase("https://[::1]/hook")]
    [TestCase("https://[::]/hook")]
    [TestCase("https://[::ffff:127.0.0.1]/hook")]
    [TestCase("https://[::ffff:a9fe:a9fe]/hook")]
    [TestCase("https://[::127.0.0.1]/hook")]
    [TestCase("https://[64:ff9b::a00:5]/hook")]
    [TestCase("https://[2002:a00:5::1]/hook")]
    [TestCase("https://[fd12:3456::1]/hook")]
    [TestCase("https://[fe80::1]/hook")]
    [TestCase("https://[ff02::1]/hook")]
    [TestCase("https://localhost/hook")]
    [TestCase("https://LOCALHOST./hook")]
    [TestCase("https://api.localhost/hook")]
    [TestCase("http://127.0.0.1:8080/hook")]
    public async Task ACallbackUrlToAnInternalAddressIsRefusedAtRegistrationAndNothingIsWritten(string url)
    {
        var channel = await CreateChannelAsync();

        var response = await StrictClient(channel).PutAsJsonAsync("/open311/v2/callback.json", new { callback_url = url });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["callback_url"]![0]!.GetValue<string>(), Does.StartWith("callback_url").And.Match(@"\p{IsCJKUnifiedIdeographs}"));
        Assert.That(await ScalarAsync<string?>("SELECT callback_url FROM channels"), Is.Null);
    }

    [TestCase("https://hooks.12345.example.cn/mashangyi/status")]
    [TestCase("https://8.8.8.8/hook")]
    [TestCase("https://[2001:4860:4860::8888]/hook")]
    public async Task ACallbackUrlToAPublicAddressIsRegistered(string url)
    {
        var channel = await CreateChannelAsync();

        var response = await StrictClient(channel).PutAsJsonAsync("/open311/v2/callback.json", new { callback_url = url });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await ScalarAsync<string?>("SELECT callback_url FROM channels"), Is.EqualTo(url));
    }

    [Test]
    public async Task AtConnectTimeAHostThatResolvesToThisMachineIsRefusedAndTheCallbackDropped()
    {
        await using var listener = await CallbackListener.StartAsync();
        var channel = await CreateChannelAsync();
        var (_, topicId) = await SendItemAsync(channel.Client, "12345-0001");
        // A name that passed registration and resolves here today (registration cannot know what a name will resolve to).
        var url = listener.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        await ExecuteAsync("UPDATE channels SET callback_url = @url", new { url });
        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });

        using (var scope = _strict.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().RunOnceAsync(CancellationToken.None);
        }

        Assert.That(listener.Received, Is.Empty, "nothing reached this machine");
        Assert.That(await ScalarAsync<string>("SELECT CONCAT(status, ' ', last_error) FROM outbox"), Does.StartWith("dropped callback host localhost resolves to"));
    }

    [Test]
    public async Task WhereLoopbackIsAllowedTheSameCallbackIsDelivered()
    {
        await using var listener = await CallbackListener.StartAsync();
        var channel = await CreateChannelAsync();
        var (_, topicId) = await SendItemAsync(channel.Client, "12345-0001");
        await ExecuteAsync("UPDATE channels SET callback_url = @url", new { url = listener.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) });
        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });

        Assert.That(await RunOutboxAsync(), Is.EqualTo(1));

        Assert.That(listener.Received, Has.Count.EqualTo(1));
        Assert.That(await ScalarAsync<string>("SELECT status FROM outbox"), Is.EqualTo("sent"));
    }
}
