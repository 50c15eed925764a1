using MySqlConnector;

namespace MaShangYi.Api.Features.Landing;

/// <summary>Topic counts of a room by stage; each counts the topics now in that stage.</summary>
public sealed record RoomCounts(long Total, long UnderReview, long Announced, long InDeliberation, long Implementing, long Closed);

public sealed record RecentItem(long Id, string ReceiptNo, string Title, string Status, DateTime UpdatedAt);

public sealed record RoomSummary(RoomCounts Counts, IReadOnlyList<RecentItem> Latest);

/// <summary>
/// A room's public summary on the landing page. The response shape is final; the figures come from the
/// topics table, which the deliberation process (issue 3) adds — until then a room has no topics and
/// the summary is empty.
/// </summary>
public sealed class RoomSummaries
{
    private static readonly RoomSummary NoTopics = new(new RoomCounts(0, 0, 0, 0, 0, 0), []);

    public Task<RoomSummary> ForRoomAsync(MySqlConnection connection, long roomId, CancellationToken ct) => Task.FromResult(NoTopics);
}
