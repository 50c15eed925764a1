using System.Diagnostics;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MaShangYi.Tests.WeChat;

/// <summary>The simulated image check, wired as the app wires it (AddWeChat in Simulated mode), on real time.</summary>
public sealed class SimulatedMediaCheckTests
{
    private readonly RecordingLoggerProvider _log = new();
    private RecordingMediaCheckVerdicts _verdicts = null!;
    private ServiceProvider _services = null!;
    private List<IHostedService> _workers = [];

    private IWeChatClient Client => _services.GetRequiredService<IWeChatClient>();

    private SimulatedMediaChecks Checks => _services.GetRequiredService<SimulatedMediaChecks>();

    [SetUp]
    public void Reset()
    {
        _verdicts = new RecordingMediaCheckVerdicts();
        _log.Clear();
    }

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.StopAsync(CancellationToken.None);
        }

        _workers = [];
        await _services.DisposeAsync();
    }

    private async Task StartAsync(double seconds, bool withReceiver = true, TimeSpan[]? redeliveries = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WeChat:Mode"] = "Simulated" }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(_log));
        services.Configure<WeChatOptions>(o => o.SimulatedMediaCheckSeconds = seconds);
        services.AddWeChat(configuration);
        if (withReceiver)
        {
            // Scoped, as the photos' implementation will be: the worker must take it from a scope.
            services.AddScoped<IMediaCheckVerdicts>(_ => _verdicts);
        }

        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        Checks.Redeliveries = redeliveries ?? [];
        _workers = [.. _services.GetServices<IHostedService>()];
        Assert.That(_workers.OfType<SimulatedMediaCheckWorker>(), Is.Not.Empty, "simulated mode runs the verdict worker");
        foreach (var worker in _workers)
        {
            await worker.StartAsync(CancellationToken.None);
        }
    }

    private Task<MediaCheckTicket> StartCheckAsync(string? fileName) =>
        Client.StartMediaCheckAsync(new MediaCheckRequest("sim_user", "http://localhost/api/photos/k/original.jpg", TextCheckScene.Forum, fileName), CancellationToken.None);

    [TestCase("IMG_0001.jpg", ContentVerdict.Pass, 100)]
    [TestCase(null, ContentVerdict.Pass, 100)]
    [TestCase("my-risky-photo.jpg", ContentVerdict.Risky, 21000)]
    [TestCase("REVIEW.heic", ContentVerdict.Review, 21000)]
    [TestCase("含测试违规词.jpg", ContentVerdict.Risky, 21000)]
    [TestCase("含测试待审词.png", ContentVerdict.Review, 21000)]
    public async Task TheFileNameDecidesTheVerdictThatArrivesByItself(string? fileName, ContentVerdict expected, int label)
    {
        await StartAsync(seconds: 0.05);

        var ticket = await StartCheckAsync(fileName);
        var applied = await _verdicts.WaitForAsync(1, TimeSpan.FromSeconds(10));

        Assert.That(applied, Is.EqualTo(new[] { new RecordingMediaCheckVerdicts.Applied(ticket.TraceId, expected, label) }));
    }

    [Test]
    public async Task TheVerdictArrivesNoSoonerThanTheConfiguredDelay()
    {
        await StartAsync(seconds: 0.6);
        var started = Stopwatch.StartNew();

        await StartCheckAsync("IMG_0002.jpg");
        await Task.Delay(200);
        Assert.That(_verdicts.All, Is.Empty, "not yet");
        var applied = await _verdicts.WaitForAsync(1, TimeSpan.FromSeconds(10));

        Assert.That(applied, Has.Count.EqualTo(1));
        Assert.That(started.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(590)));
    }

    [Test]
    public async Task TheTraceIdsAreDistinctAndFitTheStoredColumn()
    {
        await StartAsync(seconds: 60);

        var first = await StartCheckAsync("a.jpg");
        var second = await StartCheckAsync("a.jpg");

        Assert.That(first.TraceId, Is.Not.EqualTo(second.TraceId));
        Assert.That(first.TraceId.Length, Is.LessThanOrEqualTo(64));
    }

    [Test]
    public async Task AVerdictIsDeliveredAgainLaterSoOneThatOvertookItsTraceIdStillLands()
    {
        await StartAsync(seconds: 0.05, redeliveries: [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)]);

        var ticket = await StartCheckAsync("risky.jpg");
        var applied = await _verdicts.WaitForAsync(3, TimeSpan.FromSeconds(10));

        Assert.That(applied.Select(a => (a.TraceId, a.Verdict)), Is.EqualTo(Enumerable.Repeat((ticket.TraceId, ContentVerdict.Risky), 3)));
    }

    [Test]
    public async Task ADeliveryThatThrowsIsTriedAgainInsteadOfLost()
    {
        await StartAsync(seconds: 0);
        _verdicts.FailNext(2);

        var ticket = await StartCheckAsync("IMG_0003.jpg");
        var applied = await _verdicts.WaitForAsync(1, TimeSpan.FromSeconds(15));

        Assert.That(applied.Select(a => a.TraceId), Is.EqualTo(new[] { ticket.TraceId }));
        Assert.That(_log.Entries.Count(e => e.Level == LogLevel.Warning && e.Text.Contains("trying again", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task ManyChecksStartedAtOnceAllGetTheirVerdict()
    {
        await StartAsync(seconds: 0.05);

        var tickets = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => StartCheckAsync($"IMG_{i}.jpg")));
        var applied = await _verdicts.WaitForAsync(300, TimeSpan.FromSeconds(30));

        Assert.That(applied.Select(a => a.TraceId), Is.EquivalentTo(tickets.Select(t => t.TraceId)));
    }

    [Test]
    public async Task WithoutAVerdictReceiverTheVerdictIsLoggedAndDropped()
    {
        await StartAsync(seconds: 0, withReceiver: false, redeliveries: [TimeSpan.FromMilliseconds(50)]);

        var ticket = await StartCheckAsync("IMG_0004.jpg");
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!_log.Entries.Any(e => e.Text.Contains(ticket.TraceId, StringComparison.Ordinal) && e.Text.Contains("dropped", StringComparison.Ordinal)) && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        await Task.Delay(200);
        Assert.That(_log.Entries.Count(e => e.Level == LogLevel.Warning && e.Text.Contains("dropped", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(Checks.Pending, Is.Zero, "dropped, not redelivered to nobody");
    }

    [Test]
    public async Task StoppingWithVerdictsPendingIsPromptAndDeliversNothingAfterwards()
    {
        await StartAsync(seconds: 0.5);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => StartCheckAsync($"IMG_{i}.jpg")));

        var stopping = Stopwatch.StartNew();
        foreach (var worker in _workers)
        {
            await worker.StopAsync(CancellationToken.None);
        }

        _workers = [];
        Assert.That(stopping.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        await Task.Delay(800);
        Assert.That(_verdicts.All, Is.Empty);
        Assert.That(_log.Errors, Is.Empty);
    }
}
