using System.Net;
using System.Net.Sockets;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.WeChat;

/// <summary>
/// The real WeChat client, built through the app's own registration (AddRealWeChatClient), pointed at a
/// fake WeChat on loopback. One server per fixture, scripts and records wiped between tests; a fresh
/// container per test so no token is cached across tests.
/// </summary>
public abstract class FakeWeChatTest
{
    protected const string AppId = "wx-test-app";
    protected const string AppSecret = "test-secret";

    /// <summary>A PNG as WeChat sends it: the 8-byte signature, then (here) filler.</summary>
    protected static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    protected static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0];

    private readonly List<ServiceProvider> _containers = [];
    private CancellationTokenSource? _timeout;

    protected FakeWeChatServer Server { get; private set; } = null!;

    /// <summary>Bounds every call so a broken client fails the test instead of hanging the run.</summary>
    protected CancellationToken Ct => _timeout!.Token;

    [OneTimeSetUp]
    public async Task StartFakeWeChatAsync() => Server = await FakeWeChatServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopFakeWeChatAsync() => await Server.DisposeAsync();

    [SetUp]
    public void ResetFakeWeChat()
    {
        Server.Reset();
        Server.On(FakeWeChatServer.TokenPath, Reply.Token("TOKEN-1"));
        _timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    }

    [TearDown]
    public async Task DisposeClientsAsync()
    {
        foreach (var container in _containers)
        {
            await container.DisposeAsync();
        }

        _containers.Clear();
        _timeout?.Dispose();
    }

    /// <summary>
    /// The client under test. A FakeTimeProvider moves the token cache's clock; the resilience pipeline's timeouts
    /// and retry delays always run on wall-clock time (WeChatHttpSetup pins them to TimeProvider.System).
    /// </summary>
    protected IWeChatClient CreateClient(TimeProvider? clock = null, string? baseUrl = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock ?? TimeProvider.System);
        services.Configure<WeChatOptions>(o =>
        {
            o.Mode = WeChatMode.Real;
            o.AppId = AppId;
            o.AppSecret = AppSecret;
            o.BaseUrl = baseUrl ?? Server.BaseUrl;
            o.AttemptTimeoutSeconds = 1;
            o.TotalTimeoutSeconds = 3;
        });
        services.AddRealWeChatClient();
        var container = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _containers.Add(container);
        return container.GetRequiredService<IWeChatClient>();
    }

    /// <summary>A loopback URL nothing listens on: connections are refused.</summary>
    public static string RefusingUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>The WeChatException <paramref name="call"/> throws (the assertion fails if it throws nothing else).</summary>
    protected static WeChatException Fails(AsyncTestDelegate call) => Assert.ThrowsAsync<WeChatException>(call)!;

    protected static WxaCodeRequest CodeRequest() => new("r=ABC123", "pages/room/index", "trial", Width: 280, CheckPath: false);

    protected static string Error(int errCode, string errMsg = "error") =>
        $$"""{"errcode":{{errCode}},"errmsg":"{{errMsg}}"}""";
}
