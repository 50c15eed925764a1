using System.Data;
using Dapper;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Api.Features.Board;

/// <summary>A topic as the board shows it: public columns only — no proposer, no contact, no user id.</summary>
public sealed record BoardTopic(
    long Id, string RoomName, string RoomScene, string Title, string CategoryName, string Status, string? Classification, string? ClassNote,
    DateTime? AnnouncementEndsOn, string? ResolutionText, DateTime? ResolutionDeadline, string? ResultText, int SupportCount, int CommentCount, DateTime UpdatedAt);

/// <summary>An implementation task of a topic's current round; the lead person is the official the room admin named.</summary>
public sealed record BoardTask(long TopicId, string TopicTitle, string RoomName, string Title, string LeadPerson, string Unit, DateTime DueOn, int Progress);

public sealed record BoardData(IReadOnlyList<BoardTopic> Topics, IReadOnlyList<BoardTask> Tasks, bool Truncated);

/// <summary>
/// What a board shows, in one round trip of two indexed queries. The scope is a room (<c>t.room_id</c>, index
/// (room_id, status, id)) or a region subtree (<c>t.region_lN</c>, index (region_lN, status, updated_at)); it is built
/// here from a level the database gave, never from the request.
/// </summary>
public static class BoardQueries
{
    /// <summary>Statuses on the board besides recently closed: announced through awaiting evaluation.</summary>
    public static readonly string[] OpenStatuses =
    [
        TopicStatus.Announced, TopicStatus.Researching, TopicStatus.Reopened, TopicStatus.MeetingScheduled, TopicStatus.Deliberated,
        TopicStatus.ResolutionPublished, TopicStatus.Implementing, TopicStatus.Completed,
    ];

    /// <summary>How long a closed topic stays on the board.</summary>
    public static readonly TimeSpan ClosedShownFor = TimeSpan.FromDays(90);

    /// <summary>A board is a notice, not an archive: the most recently active items; the mini program has the rest.</summary>
    public const int MaxTopics = 120;

    public const int MaxTasks = 120;

    public static string RoomScope => "t.room_id = @scope";

    public static string RegionScope(int level) => level is >= 1 and <= 4
        ? $"t.region_l{level} = @scope"
        : throw new ArgumentOutOfRangeException(nameof(level), level, "regions have levels 1 to 4");

    public static async Task<BoardData> LoadAsync(IDbConnection connection, string scopeCondition, long scope, DateTime nowUtc, CancellationToken ct)
    {
        // Both queries repeat the privacy rule of TopicStatus.Public: only visible topics in public statuses.
        var sql = $"""
            SELECT t.id, m.name AS RoomName, m.scene AS RoomScene, t.title, c.name AS CategoryName, t.status, t.classification, t.class_note AS ClassNote,
                   t.announcement_ends_on AS AnnouncementEndsOn, t.resolution_text AS ResolutionText, t.resolution_deadline AS ResolutionDeadline,
                   t.result_text AS ResultText, t.support_count AS SupportCount, t.comment_count AS CommentCount, t.updated_at AS UpdatedAt
            FROM topics t JOIN rooms m ON m.id = t.room_id JOIN topic_categories c ON c.id = t.category_id
            WHERE {scopeCondition} AND t.moderation = 'visible'
              AND (t.status IN @open OR (t.status = @closed AND t.updated_at >= @closedSince))
            ORDER BY t.updated_at DESC, t.id DESC
            LIMIT @topicTake;
            SELECT k.topic_id AS TopicId, t.title AS TopicTitle, m.name AS RoomName, k.title, k.lead_person AS LeadPerson, k.unit, k.due_on AS DueOn, k.progress
            FROM topics t JOIN tasks k ON k.topic_id = t.id AND k.round = t.round JOIN rooms m ON m.id = t.room_id
            WHERE {scopeCondition} AND t.moderation = 'visible' AND t.status IN @implementing
            ORDER BY k.due_on, k.id
            LIMIT @MaxTasks;
            """;
        var args = new
        {
            scope,
            open = OpenStatuses,
            closed = TopicStatus.Closed,
            closedSince = nowUtc - ClosedShownFor,
            topicTake = MaxTopics + 1,
            implementing = new[] { TopicStatus.Implementing, TopicStatus.Completed },
            MaxTasks,
        };
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        var topics = (await results.ReadAsync<BoardTopic>()).AsList();
        var tasks = (await results.ReadAsync<BoardTask>()).AsList();
        return new BoardData(topics.Take(MaxTopics).ToList(), tasks, topics.Count > MaxTopics);
    }

    public static Task<RegionQueries.RegionRow?> FindRegionAsync(IDbConnection connection, string code, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<RegionQueries.RegionRow>(new CommandDefinition(
            "SELECT id, code, parent_id AS ParentId, level, name, path FROM regions WHERE code = @code", new { code }, cancellationToken: ct));

    /// <summary>The rooms of a region's subtree (open and all): one prefix range on the regions' path index.</summary>
    public static Task<(long Rooms, long OpenRooms)> RoomCountsAsync(IDbConnection connection, string regionPath, CancellationToken ct) =>
        connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            """
            SELECT COUNT(m.id), CAST(COALESCE(SUM(m.is_active), 0) AS SIGNED)
            FROM regions r JOIN rooms m ON m.region_id = r.id
            WHERE r.path LIKE CONCAT(@regionPath, '%')
            """,
            new { regionPath }, cancellationToken: ct));
}
