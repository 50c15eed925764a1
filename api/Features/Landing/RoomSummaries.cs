using Dapper;
using MaShangYi.Api.Features.Topics;
using MySqlConnector;

namespace MaShangYi.Api.Features.Landing;

/// <summary>
/// Topic counts of a room by stage, each counting the topics now there: under review; announced (incl. research and
/// a reopened round); in deliberation (meetings to resolution); implementing (incl. awaiting evaluation); and
/// closed (办结, or handed on: referred, escalated). Rejected and merged topics are not counted.
/// </summary>
public sealed record RoomCounts(long Total, long UnderReview, long Announced, long InDeliberation, long Implementing, long Closed);

public sealed record RecentItem(long Id, string ReceiptNo, string Title, string Status, string StatusName, DateTime UpdatedAt);

public sealed record RoomSummary(RoomCounts Counts, IReadOnlyList<RecentItem> Latest);

/// <summary>A room's public summary on the landing page: two indexed queries on (room_id, status, id).</summary>
public sealed class RoomSummaries
{
    private const int LatestCount = 5;

    public async Task<RoomSummary> ForRoomAsync(MySqlConnection connection, long roomId, CancellationToken ct)
    {
        var byStatus = (await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM topics WHERE room_id = @roomId AND moderation = 'visible' GROUP BY status",
            new { roomId }, cancellationToken: ct))).ToDictionary(r => r.Status, r => r.Count);
        long Sum(params string[] statuses) => statuses.Sum(s => byStatus.GetValueOrDefault(s));

        var counts = new RoomCounts(
            0,
            Sum(TopicStatus.Submitted),
            Sum(TopicStatus.Announced, TopicStatus.Researching, TopicStatus.Reopened),
            Sum(TopicStatus.MeetingScheduled, TopicStatus.Deliberated, TopicStatus.ResolutionPublished),
            Sum(TopicStatus.Implementing, TopicStatus.Completed),
            Sum(TopicStatus.Closed, TopicStatus.Referred, TopicStatus.Escalated));
        counts = counts with { Total = counts.UnderReview + counts.Announced + counts.InDeliberation + counts.Implementing + counts.Closed };

        var latest = await connection.QueryAsync<(long Id, string ReceiptNo, string Title, string Status, DateTime UpdatedAt)>(new CommandDefinition(
            """
            SELECT id, receipt_no, title, status, updated_at FROM topics
            WHERE room_id = @roomId AND status IN @statuses AND moderation = 'visible'
            ORDER BY id DESC LIMIT @LatestCount
            """,
            new { roomId, statuses = TopicStatus.Public.ToArray(), LatestCount }, cancellationToken: ct));
        return new RoomSummary(counts, latest.Select(t => new RecentItem(t.Id, t.ReceiptNo, t.Title, t.Status, TopicStatus.Name(t.Status), t.UpdatedAt)).ToList());
    }
}
