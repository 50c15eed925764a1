using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;
using Microsoft.Extensions.Logging;

namespace MaShangYi.Tests.WeChat;

/// <summary>The app secret, access tokens and session keys travel in URLs and bodies; none may reach the logs.</summary>
public sealed class SecretsInLogsTests : FakeWeChatTest
{
    [Test]
    public async Task NeitherTheSecretNorTheTokenNorTheSessionKeyIsLoggedEvenOnRetries()
    {
        Server.On(FakeWeChatServer.TokenPath, Reply.Token("TOKEN-SECRET-VALUE"));
        Server.On(FakeWeChatServer.LoginPath, Reply.Status(500), Reply.Json("""{"session_key":"SESSION-KEY-VALUE","openid":"o-user-1"}"""));
        Server.On(FakeWeChatServer.CodePath, Reply.Status(502), Reply.Bytes(Png, "image/png"));
        var logs = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton(TimeProvider.System);
        services.Configure<WeChatOptions>(o =>
        {
            o.Mode = WeChatMode.Real;
            o.AppId = AppId;
            o.AppSecret = "APP-SECRET-VALUE";
            o.BaseUrl = Server.BaseUrl;
        });
        services.AddRealWeChatClient();
        await using var container = services.BuildServiceProvider();
        var client = container.GetRequiredService<IWeChatClient>();

        await client.Code2SessionAsync("code-1", Ct);
        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        Assert.That(Server.Requests(FakeWeChatServer.LoginPath)[0].Query["secret"], Is.EqualTo("APP-SECRET-VALUE"));
        Assert.That(Messages(logs), Is.Not.Empty, "the HTTP client logs its requests, so this test looks at real output");
        Assert.That(Messages(logs), Has.None.Contains("APP-SECRET-VALUE"));
        Assert.That(Messages(logs), Has.None.Contains("TOKEN-SECRET-VALUE"));
        Assert.That(Messages(logs), Has.None.Contains("SESSION-KEY-VALUE"));
    }

    private static List<string> Messages(RecordingLoggerProvider logs) => logs.Entries.Select(e => e.Text).ToList();
}
