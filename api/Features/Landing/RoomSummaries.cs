using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Api.Features.Landing;

/// <summary>
/// Topic counts of a room by stage, each counting the topics now there: under review; announced (incl. research and
/// a reopened round); in deliberation (meetings to resolution); implementing (incl. awaiting evaluation); and
/// closed (办结, or handed on: referred, escalated). Rejected and merged topics are not counted.
/// </summary>
public sealed record RoomCounts(long Total, long UnderReview, long Announced, long InDeliberation, long Implementing, long Closed);

public sealed record RecentItem(long Id, string ReceiptNo, string Title, string Status, string StatusName, DateTime UpdatedAt);

public sealed record RoomSummary(RoomCounts Counts, IReadOnlyList<RecentItem> Latest);

/// <summary>A room's public summary on the landing page, built from its two indexed reads (see LandingEndpoints).</summary>
public static class RoomSummaries
{
    public const int LatestCount = 5;

    /// <summary>Counts by status, grouped into the stages a resident sees.</summary>
    public static RoomCounts Count(IEnumerable<(string Status, long Count)> rows)
    {
        var byStatus = rows.ToDictionary(r => r.Status, r => r.Count);
        long Sum(params string[] statuses) => statuses.Sum(s => byStatus.GetValueOrDefault(s));

        var counts = new RoomCounts(
            0,
            Sum(TopicStatus.Submitted),
            Sum(TopicStatus.Announced, TopicStatus.Researching, TopicStatus.Reopened),
            Sum(TopicStatus.MeetingScheduled, TopicStatus.Deliberated, TopicStatus.ResolutionPublished),
            Sum(TopicStatus.Implementing, TopicStatus.Completed),
            Sum(TopicStatus.Closed, TopicStatus.Referred, TopicStatus.Escalated));
        return counts with { Total = counts.UnderReview + counts.Announced + counts.InDeliberation + counts.Implementing + counts.Closed };
    }

    public static IReadOnlyList<RecentItem> Latest(IEnumerable<(long Id, string ReceiptNo, string Title, string Status, DateTime UpdatedAt)> rows) =>
        rows.Select(t => new RecentItem(t.Id, t.ReceiptNo, t.Title, t.Status, TopicStatus.Name(t.Status), t.UpdatedAt)).ToList();
}
