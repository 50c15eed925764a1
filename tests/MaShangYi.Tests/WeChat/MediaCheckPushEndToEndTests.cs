using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace MaShangYi.Tests.WeChat;

/// <summary>
/// Real mode from end to end: the API's own WeChat client starts an image check at the fake WeChat, which answers a
/// trace id and then pushes the verdict, encrypted, to the API's push URL, where it reaches the verdicts.
/// </summary>
public sealed class MediaCheckPushEndToEndTests
{
    private const string AppId = "wx-test-app";
    private const string Token = "e2eToken";
    private const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg";

    private readonly RecordingMediaCheckVerdicts _verdicts = new();
    private FakeWeChatServer _wechat = null!;
    private WebApplicationFactory<Program> _api = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _verdicts.Clear();
        _wechat = await FakeWeChatServer.StartAsync();
        _wechat.On(FakeWeChatServer.TokenPath, Reply.Token("token-1"));
        _api = TestRun.Api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("WeChat:Mode", "Real");
            builder.UseSetting("WeChat:AppId", AppId);
            builder.UseSetting("WeChat:AppSecret", "test-secret");
            builder.UseSetting("WeChat:BaseUrl", _wechat.BaseUrl);
            builder.UseSetting("WeChat:PushToken", Token);
            builder.UseSetting("WeChat:PushEncodingAesKey", Key);
            foreach (var key in new[] { "topic_progress", "new_submission", "task_assigned", "task_overdue", "review_due" })
            {
                builder.UseSetting($"Notifications:Templates:{key}:TemplateId", "tmpl-" + key);
            }

            builder.ConfigureTestServices(services =>
            {
                services.AddRealWeChatClient();
                services.AddSingleton<IMediaCheckVerdicts>(_verdicts);
            });
        });
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _api.DisposeAsync();
        await _wechat.DisposeAsync();
    }

    [TestCase(false, "risky", ContentVerdict.Risky, 20002)]
    [TestCase(true, "pass", ContentVerdict.Pass, 100)]
    public async Task TheVerdictWeChatPushesInSafeModeIsAppliedToTheCheckTheApiStarted(bool xml, string suggest, ContentVerdict expected, int label)
    {
        _wechat.PushMediaCheckVerdicts(_api.CreateClient(), new WeChatPusher(Token, Key, AppId), suggest, label, xml);
        var client = _api.Services.GetRequiredService<IWeChatClient>();
        Assert.That(client, Is.InstanceOf<WeChatClient>());

        var ticket = await client.StartMediaCheckAsync(
            new MediaCheckRequest("o-user-1", "https://api.example.gov.cn/api/photos/k/original.jpg?exp=1&sig=s", TextCheckScene.Forum), CancellationToken.None);
        var applied = await _verdicts.WaitForAsync(1, TimeSpan.FromSeconds(10));

        Assert.That(applied, Is.EqualTo(new[] { new RecordingMediaCheckVerdicts.Applied(ticket.TraceId, expected, label) }));
        Assert.That(await _wechat.Pushes(), Is.EqualTo(new[] { "200 success" }));
        Assert.That(_wechat.Requests(FakeWeChatServer.MediaCheckPath).Single().Json.GetProperty("openid").GetString(), Is.EqualTo("o-user-1"));
    }
}
