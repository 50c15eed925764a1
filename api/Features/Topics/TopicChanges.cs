using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// One change to a topic, as observers see it: inside the transaction that makes it. A 'submit' change carries the
/// topic as written (<see cref="Submitted"/>), so observers need not read it back; every change carries what the topic
/// counted for in the statistics before it and counts for after it (<see cref="Counted"/>). Observers add their writes to
/// the change's <see cref="Script"/>, which the path making the change sends as one command with its own.
/// </summary>
public sealed record TopicChange(
    ChangeScript Script, long TopicId, string Action, string? FromStatus, string ToStatus, Caller Caller, DateTime Now, CountedChange Counted,
    SubmittedTopic? Submitted = null, TopicHeadline? Headline = null)
{
    public CancellationToken Ct => Script.Ct;
}

/// <summary>
/// The columns of a topic the statistics count it by (StatColumns.TopicCounts): its status, classification, first review
/// decision and category. Only <see cref="TopicStore"/> and the submission write them, from these values, so what a
/// change adds to the rollups is what the topic row holds.
/// </summary>
public sealed record CountedFacts(string Status, string? Classification, DateTime? ReviewedAt, long CategoryId);

/// <summary>
/// What a change does to the statistics: the facts the topic last added to the rollups (<paramref name="Before"/>, as
/// kept in stats_topics; none for a new topic) and its facts after the change, on its submission day at each region of
/// its chain (the region id at each level 1–4).
/// </summary>
public sealed record CountedChange(CountedFacts? Before, CountedFacts After, DateTime SubmittedAt, long?[] Chain);

/// <summary>What a message about a staff action names, as the action read it: the observers need not read it again.</summary>
public sealed record TopicHeadline(string Title, string ReceiptNo, string Moderation, long? ProposerUserId, string RoomName);

/// <summary>
/// A new topic as written: its title, receipt number and moderation, its room's name (its category and region chain are
/// in the change's <see cref="TopicChange.Counted"/>); <paramref name="Reviewers"/>, when the submission read them with
/// its facts, the reviewers and room admins over the room (else the notifications read them).
/// </summary>
public sealed record SubmittedTopic(string Title, string ReceiptNo, string Moderation, string RoomName, IReadOnlyList<long>? Reviewers = null);

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
