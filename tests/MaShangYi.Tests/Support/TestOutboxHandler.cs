using System.Collections.Concurrent;
using MaShangYi.Api.Infrastructure.Outbox;

namespace MaShangYi.Tests.Support;

/// <summary>An outbox handler of kind "test" whose answers the tests script, recording every item it is given.</summary>
public sealed class TestOutboxHandler : IOutboxHandler
{
    public static readonly ConcurrentQueue<long> Handled = new();

    public static readonly ConcurrentQueue<OutboxResult> Script = new();

    /// <summary>Time each send takes, so concurrent workers overlap.</summary>
    public static TimeSpan SendTime { get; set; } = TimeSpan.Zero;

    /// <summary>Runs during each send, e.g. to move the clock past the claim.</summary>
    public static Action<OutboxItem>? OnHandle { get; set; }

    public string Kind => "test";

    public static void Reset()
    {
        Handled.Clear();
        Script.Clear();
        SendTime = TimeSpan.Zero;
        OnHandle = null;
    }

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken ct)
    {
        Handled.Enqueue(item.Id);
        OnHandle?.Invoke(item);
        if (SendTime > TimeSpan.Zero)
        {
            await Task.Delay(SendTime, ct);
        }

        if (item.Payload == "throw")
        {
            throw new InvalidOperationException("handler crashed (test)");
        }

        return Script.TryDequeue(out var result) ? result : OutboxResult.Sent;
    }
}
