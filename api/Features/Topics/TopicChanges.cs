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
}
