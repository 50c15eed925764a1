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
/// <para>
/// With <c>dedicatedThreads</c>, each worker is a thread of its own that waits for its handler: a handler whose work
/// completes synchronously (database I/O done synchronously) then runs start to finish on that thread, never queued
/// behind request work in the thread pool. Every item waits on the workers, so their speed is everyone's latency.
/// </para>
/// </summary>
public sealed class MicroBatcher<TItem, TResult> : IAsyncDisposable
{
    private readonly Channel<Pending<TItem, TResult>> _queue = Channel.CreateUnbounded<Pending<TItem, TResult>>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Func<IReadOnlyList<Pending<TItem, TResult>>, Task> _handle;
    private readonly int _maxBatch;
    private readonly Task[] _workers;

    public MicroBatcher(Func<IReadOnlyList<Pending<TItem, TResult>>, Task> handle, int maxBatch, int workers, bool dedicatedThreads = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        (_handle, _maxBatch) = (handle, maxBatch);
        _workers = Enumerable.Range(0, workers).Select(_ => dedicatedThreads
            ? System.Threading.Tasks.Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : System.Threading.Tasks.Task.Run(WorkAsync)).ToArray();
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
            if (Take(batch))
            {
                Exception? error = null;
                try
                {
                    await _handle(batch);
                }
                catch (Exception ex)
                {
                    error = ex;
                }

                Finish(batch, error);
            }
        }
    }

    /// <summary>A dedicated thread's loop: it blocks while the queue is empty and while its handler works.</summary>
    private void Work()
    {
        var batch = new List<Pending<TItem, TResult>>(_maxBatch);
        while (_queue.Reader.TryPeek(out _) || _queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            if (Take(batch))
            {
                Exception? error = null;
                try
                {
                    _handle(batch).GetAwaiter().GetResult();
                }
                catch (Exception ex)
                {
                    error = ex;
                }

                Finish(batch, error);
            }
        }
    }

    /// <summary>Takes what has queued up, at most a batch; false when another worker took it first.</summary>
    private bool Take(List<Pending<TItem, TResult>> batch)
    {
        batch.Clear();
        while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }

        return batch.Count > 0;
    }

    /// <summary>Fails what the handler left unanswered, with its error if it threw.</summary>
    private static void Finish(List<Pending<TItem, TResult>> batch, Exception? error)
    {
        foreach (var pending in batch.Where(p => !p.IsDone))
        {
            pending.Fail(error ?? new InvalidOperationException("The batch handler left an item unanswered."));
        }
    }

    /// <summary>Takes no more items and waits for the queued ones to be handled.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await System.Threading.Tasks.Task.WhenAll(_workers);
    }
}
