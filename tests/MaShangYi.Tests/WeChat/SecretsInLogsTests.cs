using System.Collections.Concurrent;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.WeChat;
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
        var logs = new CollectingLoggerProvider();
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
        Assert.That(logs.Messages, Is.Not.Empty, "the HTTP client logs its requests, so this test looks at real output");
        Assert.That(logs.Messages, Has.None.Contains("APP-SECRET-VALUE"));
        Assert.That(logs.Messages, Has.None.Contains("TOKEN-SECRET-VALUE"));
        Assert.That(logs.Messages, Has.None.Contains("SESSION-KEY-VALUE"));
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(Messages);

        public void Dispose()
        {
        }

        private sealed class Collector(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                messages.Enqueue(formatter(state, exception) + " | " + structured + " | " + exception);
            }
        }
    }
}
