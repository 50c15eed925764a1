using System.Collections.Concurrent;
using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Tests.Support;

/// <summary>Sees every topic change the API publishes; can be told to fail, to prove observers share the change's transaction.</summary>
public sealed class RecordingTopicObserver : ITopicObserver
{
    public ConcurrentQueue<(long TopicId, string Action, string? From, string To)> Changes { get; } = new();

    /// <summary>The transaction each topic's change was made in (the same object for changes made together).</summary>
    public ConcurrentDictionary<long, object> Transactions { get; } = new();

    /// <summary>Whether each topic's change was told on a thread-pool thread (the submission writer has a thread of its own).</summary>
    public ConcurrentDictionary<long, bool> OnThreadPool { get; } = new();

    public bool Fail { get; set; }

    public void Reset()
    {
        Changes.Clear();
        Transactions.Clear();
        OnThreadPool.Clear();
        Fail = false;
    }

    public Task OnChangedAsync(TopicChange change)
    {
        if (Fail)
        {
            throw new InvalidOperationException("observer failed (test)");
        }

        Changes.Enqueue((change.TopicId, change.Action, change.FromStatus, change.ToStatus));
        Transactions[change.TopicId] = change.Transaction;
        OnThreadPool[change.TopicId] = Thread.CurrentThread.IsThreadPoolThread;
        return Task.CompletedTask;
    }
}
