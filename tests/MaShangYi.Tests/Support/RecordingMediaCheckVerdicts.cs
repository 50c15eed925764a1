using System.Collections.Concurrent;
using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.Support;

/// <summary>A stand-in for the photos' verdict handling: records each verdict applied, and can fail the next few calls.</summary>
public sealed class RecordingMediaCheckVerdicts : IMediaCheckVerdicts
{
    public sealed record Applied(string TraceId, ContentVerdict Verdict, int Label);

    private readonly ConcurrentQueue<Applied> _applied = new();
    private int _failuresLeft;

    public IReadOnlyList<Applied> All => [.. _applied];

    /// <summary>The next <paramref name="count"/> calls throw, as a database that is restarting would.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public void Clear() => _applied.Clear();

    public Task ApplyAsync(string traceId, ContentVerdict verdict, int label, CancellationToken ct)
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new InvalidOperationException("simulated failure applying a verdict");
        }

        _applied.Enqueue(new Applied(traceId, verdict, label));
        return Task.CompletedTask;
    }

    /// <summary>Waits (real time, at most <paramref name="timeout"/>) until at least <paramref name="count"/> verdicts were applied.</summary>
    public async Task<IReadOnlyList<Applied>> WaitForAsync(int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (_applied.Count < count && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        return All;
    }
}
