using System.Collections.Concurrent;
using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Tests.Support;

/// <summary>Sees every topic change the API publishes; can be told to fail, to prove observers share the change's transaction.</summary>
public sealed class RecordingTopicObserver : ITopicObserver
{
    public ConcurrentQueue<(long TopicId, string Action, string? From, string To)> Changes { get; } = new();

    /// <summary>Whether each topic's change was told on a thread-pool thread (the submission writer has a thread of its own).</summary>
    public ConcurrentDictionary<long, bool> OnThreadPool { get; } = new();

    public bool Fail { get; set; }

    public void Reset()
    {
        Changes.Clear();
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
        OnThreadPool[change.TopicId] = Thread.CurrentThread.IsThreadPoolThread;
        return Task.CompletedTask;
    }
}
