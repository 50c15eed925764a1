using System.Collections.Concurrent;
using MaShangYi.Api.Infrastructure.Batching;

namespace MaShangYi.Tests.Batching;

/// <summary>Group commit in the application: what queues up while a batch is busy is handled together, and every caller gets an answer.</summary>
public sealed class MicroBatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A handler that answers each item with its double and records the batches; the first batch waits for <see cref="Release"/>.</summary>
    private sealed class Doubler
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<int[]> Batches { get; } = new();

        public Task FirstStarted => _firstStarted.Task;

        public void Release() => _release.TrySetResult();

        public async Task HandleAsync(IReadOnlyList<Pending<int, int>> batch)
        {
            Batches.Enqueue(batch.Select(p => p.Item).ToArray());
            _firstStarted.TrySetResult();
            await _release.Task;
            foreach (var pending in batch)
            {
                pending.Complete(pending.Item * 2);
            }
        }
    }

    [Test]
    public async Task WhatQueuesUpWhileABatchIsBusyIsHandledTogetherInTheNext()
    {
        var doubler = new Doubler();
        await using var batcher = new MicroBatcher<int, int>(doubler.HandleAsync, maxBatch: 64, workers: 1);

        var first = batcher.SendAsync(1);
        await doubler.FirstStarted.WaitAsync(Patience);
        var queued = Enumerable.Range(2, 5).Select(batcher.SendAsync).ToList();
        doubler.Release();

        Assert.That(await first.WaitAsync(Patience), Is.EqualTo(2));
        Assert.That(await Task.WhenAll(queued).WaitAsync(Patience), Is.EqualTo(new[] { 4, 6, 8, 10, 12 }));
        Assert.That(doubler.Batches.ToArray(), Is.EqualTo(new[] { new[] { 1 }, new[] { 2, 3, 4, 5, 6 } }), "an item at a quiet moment goes alone, at once");
    }

    [Test]
    public async Task ABatchNeverHoldsMoreThanItsLimit()
    {
        var doubler = new Doubler();
        await using var batcher = new MicroBatcher<int, int>(doubler.HandleAsync, maxBatch: 3, workers: 1);

        var first = batcher.SendAsync(0);
        await doubler.FirstStarted.WaitAsync(Patience);
        var queued = Enumerable.Range(1, 7).Select(batcher.SendAsync).ToList();
        doubler.Release();
        await Task.WhenAll(queued.Append(first)).WaitAsync(Patience);

        Assert.That(doubler.Batches.Select(b => b.Length), Is.EqualTo(new[] { 1, 3, 3, 1 }));
        Assert.That(doubler.Batches.SelectMany(b => b), Is.EqualTo(Enumerable.Range(0, 8)), "in the order they were sent");
    }

    [Test]
    public async Task WhenTheHandlerFailsEveryItemOfThatBatchFailsWithItsErrorAndLaterBatchesGoOn()
    {
        var calls = 0;
        await using var batcher = new MicroBatcher<int, int>(batch =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("the database went away");
            }

            foreach (var pending in batch)
            {
                pending.Complete(pending.Item);
            }

            return Task.CompletedTask;
        }, maxBatch: 64, workers: 1);

        var failed = Assert.ThrowsAsync<InvalidOperationException>(() => batcher.SendAsync(1).WaitAsync(Patience));
        Assert.That(failed!.Message, Is.EqualTo("the database went away"));
        Assert.That(await batcher.SendAsync(2).WaitAsync(Patience), Is.EqualTo(2));
    }

    [Test]
    public async Task AnItemTheHandlerLeavesUnansweredFailsRatherThanWaitingForever()
    {
        // Answers odd items only.
        await using var batcher = new MicroBatcher<int, int>(batch =>
        {
            foreach (var pending in batch.Where(p => p.Item % 2 == 1))
            {
                pending.Complete(pending.Item);
            }

            return Task.CompletedTask;
        }, maxBatch: 64, workers: 1);

        Assert.That(await batcher.SendAsync(1).WaitAsync(Patience), Is.EqualTo(1));
        Assert.ThrowsAsync<InvalidOperationException>(() => batcher.SendAsync(2).WaitAsync(Patience));
    }

    [Test]
    public async Task DedicatedWorkersRunTheirHandlersOnThreadsOfTheirOwn()
    {
        var threads = new ConcurrentQueue<(int Id, bool OnThreadPool)>();
        await using var batcher = new MicroBatcher<int, int>(batch =>
        {
            threads.Enqueue((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
            foreach (var pending in batch)
            {
                pending.Complete(pending.Item);
            }

            return Task.CompletedTask;
        }, maxBatch: 64, workers: 1, dedicatedThreads: true);

        for (var i = 0; i < 5; i++)
        {
            Assert.That(await batcher.SendAsync(i).WaitAsync(Patience), Is.EqualTo(i));
        }

        Assert.That(threads.Select(t => t.OnThreadPool), Is.All.False);
        Assert.That(threads.Select(t => t.Id).Distinct().Count(), Is.EqualTo(1), "one worker, one thread, batch after batch");
    }

    [Test]
    public async Task StoppingHandlesWhatIsQueuedAndThenRefusesMore([Values] bool dedicatedThreads)
    {
        var doubler = new Doubler();
        var batcher = new MicroBatcher<int, int>(doubler.HandleAsync, maxBatch: 64, workers: 2, dedicatedThreads);
        var sent = Enumerable.Range(1, 10).Select(batcher.SendAsync).ToList();

        var stopping = batcher.DisposeAsync().AsTask();
        doubler.Release();
        await stopping.WaitAsync(Patience);

        Assert.That(sent.All(t => t.IsCompletedSuccessfully), Is.True, "nothing queued is dropped");
        Assert.Throws<ObjectDisposedException>(() => batcher.SendAsync(11));
    }
}
