using MaShangYi.Api.Infrastructure.Outbox;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MaShangYi.Tests.Support;

/// <summary>The API in-process, on the test database, with simulated WeChat that records its calls and a clock the tests move.</summary>
public sealed class ApiFactory(string connectionString) : WebApplicationFactory<Program>
{
    public const string DataKey = "dGVzdC1vbmx5LWRhdGEta2V5LTMyLWJ5dGVzLWxvbiE=";

    public const string SigningKey = "test-signing-key-0123456789abcdef0123456789";

    /// <summary>Only moves forward (FakeTimeProvider cannot go back): tests advance it and never rewind.</summary>
    public FakeTimeProvider Clock { get; } = new UnevenClock();

    public RecordingWeChatClient WeChat => Services.GetRequiredService<RecordingWeChatClient>();

    public RecordingTopicObserver Observer => Services.GetRequiredService<RecordingTopicObserver>();

    /// <summary>Everything the API logs; <see cref="TestRun.ResetAsync"/> clears it before each test.</summary>
    public RecordingLoggerProvider Log { get; } = new();

    /// <summary>The local photo store of this test run: a fresh temporary folder, never the developer's data.</summary>
    public string PhotoFolder { get; } = Path.Combine(Path.GetTempPath(), "mashangyi-test-photos-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As strict as Development: a scoped service taken from the root fails the tests, not the first start.
        builder.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = true;
            o.ValidateOnBuild = true;
        });
        builder.UseSetting("Database:ConnectionString", connectionString);
        builder.UseSetting("Jwt:SigningKey", SigningKey);
        builder.UseSetting("Privacy:DataKey", DataKey);
        builder.UseSetting("WeChat:Mode", "Simulated");
        builder.UseSetting("Public:BaseUrl", "http://localhost");
        builder.UseSetting("Storage:Kind", "Local");
        builder.UseSetting("Storage:LocalFolder", PhotoFolder);
        // Tests run the outbox by hand (OutboxProcessor.RunOnceAsync) with the fake clock, never in the background.
        builder.UseSetting("Outbox:Enabled", "false");
        // The suite makes thousands of requests from one in-process "address"; RateLimitTests switch limits on.
        builder.UseSetting("RateLimits:Enabled", "false");
        // Tests read their own writes at once; CachingTests switch the public caches on.
        builder.UseSetting("Caching:Enabled", "false");
        // Reminders likewise: tests call Reminders.RunAsync with the fake clock.
        builder.UseSetting("Notifications:Reminders:Enabled", "false");
        // Callback tests run the channel's receiver on loopback; CallbackAddressTests switch this off.
        builder.UseSetting("Channels:AllowLoopbackCallbacks", "true");
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.RemoveAll<IWeChatClient>();
            services.AddSingleton<SimulatedWeChatClient>();
            services.AddSingleton<RecordingWeChatClient>();
            services.AddSingleton<IWeChatClient>(sp => sp.GetRequiredService<RecordingWeChatClient>());
            services.AddOutboxHandler<TestOutboxHandler>();
            services.AddSingleton<RecordingTopicObserver>();
            services.AddSingleton<MaShangYi.Api.Features.Topics.ITopicObserver>(sp => sp.GetRequiredService<RecordingTopicObserver>());
        });
    }
}
