using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Infrastructure.WeChat;

/// <summary>
/// The simulated image check's pending verdicts, delivered by <see cref="SimulatedMediaCheckWorker"/> once due. Like
/// WeChat, which pushes again when an answer is late, each verdict is delivered more than once: at
/// <c>WeChat:SimulatedMediaCheckSeconds</c>, then twice more (<see cref="Redeliveries"/>), so a verdict that overtook the
/// caller storing its trace id (a slow machine, a short delay) still lands. A delivery that throws is retried with backoff.
/// Times are real (monotonic) time: the verdict arrives "by itself", also where tests move the app's clock.
/// </summary>
public sealed class SimulatedMediaChecks(IOptions<WeChatOptions> options) : IDisposable
{
    /// <summary>How many times a delivery that throws is tried again before the verdict is dropped (logged).</summary>
    public const int MaxFailedDeliveries = 6;

    private readonly Lock _lock = new();
    private readonly PriorityQueue<Delivery, long> _pending = new();
    private readonly SemaphoreSlim _changed = new(0);

    /// <summary>After the first delivery, the verdict is delivered again this much later each time.</summary>
    public TimeSpan[] Redeliveries { get; set; } = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)];

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Queues the verdict for <paramref name="traceId"/>, first due after the configured delay.</summary>
    public void Schedule(string traceId, ContentVerdict verdict, int label)
    {
        var delay = TimeSpan.FromSeconds(options.Value.SimulatedMediaCheckSeconds);
        Enqueue(new Delivery(traceId, verdict, label, Round: 0, Failures: 0), Now + (long)delay.TotalMilliseconds);
    }

    /// <summary>Waits until a delivery is due and takes it; only cancellation ends the wait.</summary>
    internal async Task<Delivery> TakeDueAsync(CancellationToken ct)
    {
        while (true)
        {
            long wait;
            lock (_lock)
            {
                if (_pending.TryPeek(out var next, out var due))
                {
                    wait = due - Now;
                    if (wait <= 0)
                    {
                        _pending.Dequeue();
                        return next;
                    }
                }
                else
                {
                    wait = Timeout.Infinite;
                }
            }

            // Woken early when something is queued (it may be due sooner); capped so a long wait never overflows a timer.
            await _changed.WaitAsync(wait == Timeout.Infinite ? Timeout.Infinite : (int)Math.Min(wait + 1, int.MaxValue), ct);
        }
    }

    /// <summary>After a delivery that worked: queues the next redelivery, if any is left.</summary>
    internal void Delivered(Delivery delivery)
    {
        if (delivery.Round < Redeliveries.Length)
        {
            Enqueue(delivery with { Round = delivery.Round + 1, Failures = 0 }, Now + (long)Redeliveries[delivery.Round].TotalMilliseconds);
        }
    }

    /// <summary>After a delivery that threw: queues it again with backoff (1, 2, 4 … s); false once it has failed too often.</summary>
    internal bool Failed(Delivery delivery)
    {
        if (delivery.Failures + 1 >= MaxFailedDeliveries)
        {
            return false;
        }

        Enqueue(delivery with { Failures = delivery.Failures + 1 }, Now + (1000L << delivery.Failures));
        return true;
    }

    public void Dispose() => _changed.Dispose();

    /// <summary>Milliseconds on a monotonic clock: a wall-clock jump neither loses nor hurries a verdict.</summary>
    private static long Now => Environment.TickCount64;

    private void Enqueue(Delivery delivery, long due)
    {
        lock (_lock)
        {
            _pending.Enqueue(delivery, due);
        }

        _changed.Release();
    }

    internal sealed record Delivery(string TraceId, ContentVerdict Verdict, int Label, int Round, int Failures);
}

/// <summary>
/// Delivers the simulated image check's verdicts to <see cref="IMediaCheckVerdicts"/>, resolved from a fresh scope at
/// delivery time. Without an implementation registered, verdicts are logged and dropped. Stops at shutdown without
/// waiting for pending verdicts (they are simulated; a restarted API would not have them either).
/// </summary>
public sealed class SimulatedMediaCheckWorker(SimulatedMediaChecks checks, IServiceScopeFactory scopes, ILogger<SimulatedMediaCheckWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await DeliverAsync(await checks.TakeDueAsync(stoppingToken), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug("Simulated image checks stopped with {Pending} verdicts pending", checks.Pending);
        }
    }

    private async Task DeliverAsync(SimulatedMediaChecks.Delivery delivery, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var verdicts = scope.ServiceProvider.GetService<IMediaCheckVerdicts>();
            if (verdicts is null)
            {
                if (delivery.Round == 0)
                {
                    logger.LogWarning("Simulated image check {TraceId}: {Verdict}, but nothing receives verdicts (no IMediaCheckVerdicts); dropped", delivery.TraceId, delivery.Verdict);
                }

                return;
            }

            await verdicts.ApplyAsync(delivery.TraceId, delivery.Verdict, delivery.Label, ct);
            checks.Delivered(delivery);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (checks.Failed(delivery))
            {
                logger.LogWarning(ex, "Simulated image check {TraceId}: delivering the verdict failed; trying again", delivery.TraceId);
            }
            else
            {
                logger.LogError(ex, "Simulated image check {TraceId}: the verdict could not be delivered; dropped", delivery.TraceId);
            }
        }
    }
}
