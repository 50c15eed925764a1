using MaShangYi.Api.Infrastructure.Auth;
using MySqlConnector;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// One change to a topic, as observers see it: inside the transaction that makes it. A 'submit' change carries the
/// topic as written (<see cref="Submitted"/>), so observers need not read it back.
/// </summary>
public sealed record TopicChange(
    MySqlConnection Connection, MySqlTransaction Transaction, long TopicId, string Action, string? FromStatus, string ToStatus, Caller Caller, DateTime Now, CancellationToken Ct,
    SubmittedTopic? Submitted = null);

/// <summary>A new topic as written: its title, receipt number and moderation, its room's name and region chain (the region id at each level 1–4).</summary>
public sealed record SubmittedTopic(string Title, string ReceiptNo, string Moderation, string RoomName, long?[] Chain);

/// <summary>
/// Something that must happen because a topic changed — a notification to send, a channel to call back — written
/// to its own outbox table in the SAME transaction as the change, so it is neither lost nor sent for a change
/// that rolled back. Sending happens later, from the outbox.
/// </summary>
public interface ITopicObserver
{
    Task OnChangedAsync(TopicChange change);

    /// <summary>
    /// Several changes made in one transaction (a batch of submissions), in order. An observer that writes a row per
    /// change writes them in one statement here; by default it is told of each change in turn.
    /// </summary>
    async Task OnChangedAsync(IReadOnlyList<TopicChange> changes)
    {
        foreach (var change in changes)
        {
            await OnChangedAsync(change);
        }
    }

    /// <summary>
    /// A statement run in the same round trip that writes new topics, before the observers are told of them: the new
    /// topics are <c>topics WHERE receipt_no IN @receipts</c>. An observer that only appends a row per new topic does
    /// it here (one round trip fewer per batch of submissions) and is still told of the 'submit' changes afterwards.
    /// </summary>
    string? CreatedSql => null;
}

/// <summary>Tells every registered <see cref="ITopicObserver"/> about a change; called by every path that changes a topic.</summary>
public sealed class TopicChanges(IEnumerable<ITopicObserver> observers)
{
    public async Task PublishAsync(TopicChange change)
    {
        foreach (var observer in observers)
        {
            await observer.OnChangedAsync(change);
        }
    }

    /// <summary>The observers' <see cref="ITopicObserver.CreatedSql"/>, each ending with a semicolon (empty when none has one).</summary>
    public string CreatedSql { get; } = string.Concat(observers.Select(o => o.CreatedSql).OfType<string>().Select(sql => sql + ";\n"));

    public async Task PublishAsync(IReadOnlyList<TopicChange> changes)
    {
        foreach (var observer in observers)
        {
            await observer.OnChangedAsync(changes);
        }
    }
}
