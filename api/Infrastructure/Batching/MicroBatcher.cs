using System.Threading.Channels;

namespace MaShangYi.Api.Infrastructure.Batching;

/// <summary>One queued item of a <see cref="MicroBatcher{TItem,TResult}"/> and the answer its caller awaits.</summary>
public sealed class Pending<TItem, TResult>(TItem item)
{
    private readonly TaskCompletionSource<TResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TItem Item { get; } = item;

    public bool IsDone => _done.Task.IsCompleted;

    internal Task<TResult> Task => _done.Task;

    public void Complete(TResult result) => _done.TrySetResult(result);

    public void Fail(Exception error) => _done.TrySetException(error);
}

/// <summary>
/// Group commit in the application: callers queue one item each and await its answer; a few workers take whatever has
/// queued up — at most <c>maxBatch</c> — and handle it together (one transaction, a handful of statements, instead of
/// that many per item). Nothing waits to fill a batch: an item arriving at a quiet moment is handled at once, alone;
/// under load, items gather while the workers are busy. The handler answers each item (<see cref="Pending{TItem,TResult}.Complete"/>
/// or <see cref="Pending{TItem,TResult}.Fail"/>); an item it leaves unanswered, or every item when it throws, fails with
/// the error. A queued item is always handled, even when its caller has gone: it may already be written.
/// </summary>
public sealed class MicroBatcher<TItem, TResult> : IAsyncDisposable
{
    private readonly Channel<Pending<TItem, TResult>> _queue = Channel.CreateUnbounded<Pending<TItem, TResult>>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Func<IReadOnlyList<Pending<TItem, TResult>>, Task> _handle;
    private readonly int _maxBatch;
    private readonly Task[] _workers;

    public MicroBatcher(Func<IReadOnlyList<Pending<TItem, TResult>>, Task> handle, int maxBatch, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        (_handle, _maxBatch) = (handle, maxBatch);
        _workers = Enumerable.Range(0, workers).Select(_ => System.Threading.Tasks.Task.Run(WorkAsync)).ToArray();
    }

    /// <summary>Queues <paramref name="item"/>; completes with its answer once its batch is handled.</summary>
    public Task<TResult> SendAsync(TItem item)
    {
        var pending = new Pending<TItem, TResult>(item);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(MicroBatcher<TItem, TResult>), "The service is stopping.");
        }

        return pending.Task;
    }

    private async Task WorkAsync()
    {
        var batch = new List<Pending<TItem, TResult>>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            Exception? error = null;
            try
            {
                await _handle(batch);
            }
            catch (Exception ex)
            {
                error = ex;
            }

            foreach (var pending in batch.Where(p => !p.IsDone))
            {
                pending.Fail(error ?? new InvalidOperationException("The batch handler left an item unanswered."));
            }
        }
    }

    /// <summary>Takes no more items and waits for the queued ones to be handled.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await System.Threading.Tasks.Task.WhenAll(_workers);
    }
}
