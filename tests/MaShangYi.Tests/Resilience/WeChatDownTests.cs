using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;
using MaShangYi.Tests.WeChat;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace MaShangYi.Tests.Resilience;

/// <summary>WeChat slow or down, with the real HTTP client against a fake WeChat on loopback.</summary>
public sealed class WeChatDownTests : TopicTest
{
    private FakeWeChatServer _wechat = null!;
    private WebApplicationFactory<Program> _real = null!;

    [SetUp]
    public async Task StartRealWeChatAsync()
    {
        _wechat = await FakeWeChatServer.StartAsync();
        _real = Api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("WeChat:Mode", "Real");
            builder.UseSetting("WeChat:AppId", "wx-test-app");
            builder.UseSetting("WeChat:AppSecret", "test-secret");
            builder.UseSetting("WeChat:BaseUrl", _wechat.BaseUrl);
            builder.UseSetting("WeChat:AttemptTimeoutSeconds", "1");
            builder.UseSetting("WeChat:TotalTimeoutSeconds", "2");
            foreach (var key in new[] { "topic_progress", "new_submission", "task_assigned", "task_overdue", "review_due" })
            {
                builder.UseSetting($"Notifications:Templates:{key}:TemplateId", "tmpl-" + key);
            }

            builder.ConfigureTestServices(services => services.AddRealWeChatClient());
        });
        _wechat.On(FakeWeChatServer.TokenPath, Reply.Token("token-1"));
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _real.DisposeAsync();
        await _wechat.DisposeAsync();
    }

    private async Task<HttpClient> RealLoginAsync(string openId)
    {
        _wechat.On(FakeWeChatServer.LoginPath, Reply.Json($$"""{"openid":"{{openId}}","session_key":"secret-session"}"""));
        var client = _real.CreateClient();
        var login = await ReadJsonAsync(await client.PostAsJsonAsync("/api/auth/login", new { code = "code-1" }));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["accessToken"]!.GetValue<string>());
        return client;
    }

    [Test]
    public async Task WhenWeChatHangsLoginAnswers503WithinTheTimeoutNotAHang()
    {
        _wechat.On(FakeWeChatServer.LoginPath, Reply.Hang());
        var client = _real.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(20);

        var response = await client.PostAsJsonAsync("/api/auth/login", new { code = "code-1" });

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "wechat_unavailable");
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
    }

    [Test]
    public async Task WhenWeChatAnswers500LoginAnswers503()
    {
        _wechat.On(FakeWeChatServer.LoginPath, Reply.Status(500));

        await AssertProblemAsync(await _real.CreateClient().PostAsJsonAsync("/api/auth/login", new { code = "c" }), HttpStatusCode.ServiceUnavailable, "wechat_unavailable");
    }

    [Test]
    public async Task WhenTheContentCheckHangsTheTopicIsHeldForModerationNotPublishedNorLost()
    {
        var client = await RealLoginAsync("openid-resident");
        _wechat.On(FakeWeChatServer.TextCheckPath, Reply.Hang());

        var response = await client.PostAsJsonAsync($"/api/rooms/{RoomId}/topics",
            new { title = "路灯不亮", description = "三号楼前的路灯坏了。", categoryId = await CategoryIdAsync(), anonymous = true });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await ReadJsonAsync(response))["heldForModeration"]!.GetValue<bool>(), Is.True);
        Assert.That(await ScalarAsync<string>("SELECT moderation FROM topics"), Is.EqualTo("held"));
    }

    [Test]
    public async Task AResidentWhosePhoneDropsTheConnectionMidSubmissionStillHasTheTopicRecorded()
    {
        var client = await RealLoginAsync("openid-resident");
        var release = new TaskCompletionSource();
        _wechat.On(FakeWeChatServer.TextCheckPath, Reply.After(release.Task, Reply.Json("""
            {"errcode":0,"errmsg":"ok","result":{"suggest":"pass","label":100},"detail":[]}
            """)));
        var categoryId = await CategoryIdAsync();
        HttpRequestMessage Submission() => new(HttpMethod.Post, $"/api/rooms/{RoomId}/topics")
        {
            Headers = { { "Idempotency-Key", "phone-dropped-1" } },
            Content = JsonContent.Create(new { title = "桥头护栏松动", description = "村口小桥的护栏晃得厉害。", categoryId, anonymous = false }),
        };

        // The phone's connection goes while the service waits for WeChat's content check.
        using var phone = new CancellationTokenSource();
        var sending = client.SendAsync(Submission(), phone.Token);
        await WaitUntilAsync(() => Task.FromResult(_wechat.Requests(FakeWeChatServer.TextCheckPath).Count == 1));
        await phone.CancelAsync();
        release.SetResult();
        Assert.That(async () => await sending, Throws.InstanceOf<OperationCanceledException>());

        await WaitUntilAsync(async () => await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE idempotency_key = 'phone-dropped-1'") == 1);
        var retried = await client.SendAsync(Submission());
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the retry finds the topic the dropped request recorded");
        Assert.That((await ReadJsonAsync(retried))["title"]!.GetValue<string>(), Is.EqualTo("桥头护栏松动"));
        Assert.That(await ScalarAsync<string>("SELECT moderation FROM topics"), Is.EqualTo("visible"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "waited 10 s");
            await Task.Delay(20);
        }
    }

    [Test]
    public async Task WhenWeChatIsDownStoredCodeImagesAreStillServed()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };
        _wechat.On(FakeWeChatServer.CodePath, Reply.Bytes(png, "image/png"));
        var admin = await RealLoginAsync(SimulatedWeChatClient.OpenIdFor("city-admin"));
        var first = await admin.GetAsync($"/api/rooms/{RoomId}/code");
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        _wechat.On(FakeWeChatServer.CodePath, Reply.Status(503));
        var again = await admin.GetAsync($"/api/rooms/{RoomId}/code");
        var otherRoom = await admin.GetAsync($"/api/rooms/{OtherCountyRoomId}/code");

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await again.Content.ReadAsByteArrayAsync(), Is.EqualTo(png));
        await AssertProblemAsync(otherRoom, HttpStatusCode.ServiceUnavailable, "wechat_unavailable");
        Assert.That(_wechat.Requests(FakeWeChatServer.CodePath), Has.Count.GreaterThanOrEqualTo(2), "only the room without a stored image asked WeChat");
    }
}
