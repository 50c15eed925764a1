using Dapper;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Database;

namespace MaShangYi.Api.Features.Topics;

/// <summary>A topic like the one being written or reviewed, with its score (<see cref="Similarity"/>).</summary>
public sealed record SimilarTopic(
    long Id, string Title, string Status, string StatusName, long RoomId, string RoomName, int SupportCount, double Score, bool SameRoom,
    bool CanMergeInto);

/// <summary>
/// Finds the topics of a town (a room's region at level 3, its neighbourhood) like a given text: every open topic of
/// the town — and, for a reviewer, those ended in the last <see cref="RecentlyEndedDays"/> days — is read in one round
/// trip along (region_l3, status, updated_at) with its title and the opening of its description, and scored here.
/// A room above town level compares with its own topics. Figures: docs/similar-topics.md.
/// </summary>
public sealed class SimilarTopics(Reads reads, TimeProvider clock)
{
    public const int MaxItems = 5;

    public const int RecentlyEndedDays = 30;

    /// <summary>Open topics a resident may support instead of raising the issue again.</summary>
    private static readonly string[] Open = [.. TopicStatus.OpenForComment];

    /// <summary>A reviewer also sees the escalated, and what ended lately (the same light, fixed last week, broken again?).</summary>
    private static readonly string[] OpenForReview = [.. TopicStatus.OpenForComment, TopicStatus.Escalated];

    private static readonly string[] Ended = [TopicStatus.Completed, TopicStatus.Closed];

    private static readonly string Columns = $"""
        t.id, t.room_id AS RoomId, m.name AS RoomName, t.region_l3 AS Town, t.title, LEFT(t.description, {Similarity.DescriptionPrefix}) AS Description,
        t.status, t.support_count AS SupportCount
        """;

    /// <summary>The candidates of the towns <paramref name="towns"/> selects (column town) and the rooms without a town <paramref name="rooms"/> selects (column room).</summary>
    private static string CandidateSql(string towns, string rooms, bool forReview)
    {
        var statuses = forReview
            ? "t.moderation = 'visible' AND (t.status IN @open OR (t.status IN @ended AND t.updated_at >= @since))"
            : "t.moderation = 'visible' AND t.status IN @open";
        return $"""
            SELECT {Columns} FROM ({towns}) q JOIN topics t FORCE INDEX (ix_topics_l3_board) ON t.region_l3 = q.town JOIN rooms m ON m.id = t.room_id
            WHERE {statuses}
            UNION ALL
            SELECT {Columns} FROM ({rooms}) q JOIN topics t FORCE INDEX (ix_topics_room_status) ON t.room_id = q.room JOIN rooms m ON m.id = t.room_id
            WHERE t.region_l3 IS NULL AND {statuses};
            """;
    }

    private static readonly string ForRoomSql = $"""
        SELECT m.id FROM rooms m WHERE m.id = @roomId;
        {CandidateSql(
            $"SELECT {RoomQueries.Level(3)} AS town FROM rooms m {RoomQueries.ChainJoins} WHERE m.id = @roomId",
            $"SELECT m.id AS room FROM rooms m {RoomQueries.ChainJoins} WHERE m.id = @roomId AND {RoomQueries.Level(3)} IS NULL",
            forReview: false)}
        """;

    private static readonly string ForTopicsSql = $"""
        SELECT t.id, t.room_id AS RoomId, '' AS RoomName, t.region_l3 AS Town, t.title, LEFT(t.description, {Similarity.DescriptionPrefix}) AS Description,
               t.status, 0 AS SupportCount
        FROM topics t WHERE t.id IN @ids;
        {CandidateSql("SELECT DISTINCT region_l3 AS town FROM topics WHERE id IN @ids AND region_l3 IS NOT NULL",
            "SELECT DISTINCT room_id AS room FROM topics WHERE id IN @ids AND region_l3 IS NULL", forReview: true)}
        """;

    private sealed record Row(long Id, long RoomId, string RoomName, long? Town, string Title, string Description, string Status, int SupportCount);

    private sealed record Candidate(Row Row, Similarity.Profile Profile);

    private static List<Candidate> Profiled(IEnumerable<Row> rows) => rows.Select(r => new Candidate(r, Similarity.ProfileOf(r.Title, r.Description))).ToList();

    /// <summary>Open topics of the room's town like the text, best first; null when the room does not exist.</summary>
    public async Task<IReadOnlyList<SimilarTopic>?> ForRoomAsync(long roomId, string? title, string? description, CancellationToken ct)
    {
        var candidates = await reads.RunAsync(async connection =>
        {
            await using var read = await connection.QueryResultsAsync(new CommandDefinition(ForRoomSql, new { roomId, open = Open }, cancellationToken: ct));
            return await read.ReadSingleOrDefaultAsync<long?>() is null ? null : (await read.ReadAsync<Row>()).AsList();
        }, ct);
        if (candidates is null)
        {
            return null;
        }

        var profile = Similarity.ProfileOf(title, description);
        return Best(profile, roomId, Profiled(candidates), forReview: false);
    }

    /// <summary>
    /// For each of the topics <paramref name="ids"/> (submitted ones, in a reviewer's queue), the topics of its town like
    /// it, open or recently ended, best first: one round trip for the whole page.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<SimilarTopic>>> ForTopicsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<long, IReadOnlyList<SimilarTopic>>();
        }

        var since = clock.GetUtcNow().UtcDateTime.AddDays(-RecentlyEndedDays);
        var (items, rows) = await reads.RunAsync(async connection =>
        {
            await using var read = await connection.QueryResultsAsync(new CommandDefinition(
                ForTopicsSql, new { ids, open = OpenForReview, ended = Ended, since }, cancellationToken: ct));
            return ((await read.ReadAsync<Row>()).AsList(), (await read.ReadAsync<Row>()).AsList());
        }, ct);
        var candidates = Profiled(rows);
        return items.ToDictionary(
            item => item.Id,
            item => (IReadOnlyList<SimilarTopic>)Best(Similarity.ProfileOf(item.Title, item.Description), item.RoomId,
                candidates.Where(c => c.Row.Id != item.Id && (item.Town is null ? c.Row.RoomId == item.RoomId : c.Row.Town == item.Town)), forReview: true));
    }

    private static List<SimilarTopic> Best(Similarity.Profile profile, long roomId, IEnumerable<Candidate> candidates, bool forReview)
    {
        if (profile.IsEmpty)
        {
            return [];
        }

        return candidates
            .Select(c => (c.Row, Score: Similarity.Score(profile, c.Profile)))
            .Where(x => x.Score >= Similarity.SuggestThreshold)
            .OrderByDescending(x => x.Score).ThenByDescending(x => x.Row.SupportCount).ThenByDescending(x => x.Row.Id)
            .Take(MaxItems)
            .Select(x => new SimilarTopic(
                x.Row.Id, x.Row.Title, x.Row.Status, TopicStatus.Name(x.Row.Status), x.Row.RoomId, x.Row.RoomName, x.Row.SupportCount,
                Math.Round(x.Score, 3), x.Row.RoomId == roomId,
                // The merge action's own rule (ReviewEndpoints): into an accepted topic of the same town (every candidate
                // here is) whose room the reviewer also reviews, which the merge itself checks.
                forReview && TopicStatus.Public.Contains(x.Row.Status) && x.Row.Status != TopicStatus.Referred))
            .ToList();
    }
}
