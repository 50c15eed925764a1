using MaShangYi.Api.Infrastructure.Database;
using System.Data;
using Dapper;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Api.Features.Board;

/// <summary>A topic as the board shows it: public columns only — no proposer, no contact, no user id; AnsweredDoubts: its published doubts answered officially.</summary>
public sealed record BoardTopic(
    long Id, string RoomName, string RoomScene, string Title, string CategoryName, string Status, string? Classification, string? ClassNote,
    DateTime? AnnouncementEndsOn, string? ResolutionText, DateTime? ResolutionDeadline, string? ResultText, int SupportCount, int CommentCount, DateTime UpdatedAt,
    long AnsweredDoubts);

/// <summary>An implementation task of a topic's current round; the lead person is the official the room admin named.</summary>
public sealed record BoardTask(long TopicId, string TopicTitle, string RoomName, string Title, string LeadPerson, string Unit, DateTime DueOn, int Progress);

/// <summary>A passed photo of a completed or closed topic: before (the proposer's) or after (progress and result).</summary>
public sealed record BoardPhoto(long TopicId, string AttachedKind, string PublicKey)
{
    public bool IsBefore => AttachedKind == "topic";
}

public sealed record BoardData(IReadOnlyList<BoardTopic> Topics, IReadOnlyList<BoardTask> Tasks, bool Truncated, IReadOnlyList<BoardPhoto>? Photos = null);

/// <summary>
/// What a board shows: its topics, tasks and photos, in one round trip with the page's header (a room's board in one round
/// trip in all, a region's in two: the region's level names the column and index its topics are read along). The scope
/// is a room (<c>t.room_id</c>, index (room_id, status, id)) or a region subtree (<c>t.region_lN</c>, index (region_lN,
/// status, updated_at, moderation)); it is built here from a level the database gave, never from the request. Measured
/// on the 2,000,000-topic province, a city's board took about 800 ms when its open topics and tasks were sorted whole
/// (docs/benchmarks.md).
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

    /// <summary>A room's board with the room and its region path (null: no room has the scene).</summary>
    public sealed record RoomBoard(RoomView Room, IReadOnlyList<RegionRef> Path, BoardData Data);

    /// <summary>A region's board with the rooms of its subtree (all, and open) and its path.</summary>
    public sealed record RegionBoard(IReadOnlyList<RegionRef> Path, long Rooms, long OpenRooms, BoardData Data);

    /// <summary>
    /// A room's board in one round trip, every statement keyed by the scene's unique index: the room, its region path, then
    /// the board, whose scope is the room's id by the scene (one lookup, a constant to each plan). A room has few enough
    /// topics that its tasks are read through its topics.
    /// </summary>
    public static async Task<RoomBoard?> RoomAsync(IDbConnection connection, string scene, DateTime nowUtc, CancellationToken ct)
    {
        const string roomId = "(SELECT id FROM rooms WHERE scene = @scene)";
        const string tasks = $"""
            SELECT k.topic_id AS TopicId, t.title AS TopicTitle, m.name AS RoomName, k.title, k.lead_person AS LeadPerson, k.unit, k.due_on AS DueOn, k.progress
            FROM topics t JOIN tasks k ON k.topic_id = t.id AND k.round = t.round JOIN rooms m ON m.id = t.room_id
            WHERE t.room_id = {roomId} AND t.moderation = 'visible' AND t.status IN @implementing
            ORDER BY k.due_on, k.id
            LIMIT @MaxTasks
            """;
        var sql = $"""
            {RoomQueries.WithPathSql("m.scene = @scene")}
            {BoardSql($"t.room_id = {roomId}", tasks)}
            """;
        var args = BoardArgs(nowUtc);
        args.Add("scene", scene);
        await using var results = await connection.QueryResultsAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        return await RoomQueries.ReadWithPathAsync(results) is var (room, path) ? new RoomBoard(room, path, await ReadBoardAsync(results)) : null;
    }

    /// <summary>
    /// A region's board, in the round trip after the region was read (its level names the column and index): its path, the
    /// rooms of its subtree (one prefix range on the regions' path index), and the board, whose tasks are its open tasks
    /// (the due list's rule: this round, under 100 %, topic in implementation), soonest due first, read along
    /// stats_open_tasks (region_lN, due_on) — a city has tens of thousands of tasks in all.
    /// </summary>
    public static async Task<RegionBoard> RegionAsync(IDbConnection connection, RegionQueries.RegionRow region, DateTime nowUtc, CancellationToken ct)
    {
        var level = RegionLevels.Column(region.Level);
        var tasks = $"""
            SELECT k.topic_id AS TopicId, t.title AS TopicTitle, m.name AS RoomName, k.title, k.lead_person AS LeadPerson, k.unit, k.due_on AS DueOn, k.progress
            FROM stats_open_tasks o JOIN tasks k ON k.id = o.task_id JOIN topics t ON t.id = o.topic_id JOIN rooms m ON m.id = t.room_id
            WHERE o.region_l{level} = @scope AND t.moderation = 'visible'
            ORDER BY o.due_on, o.task_id
            LIMIT @MaxTasks
            """;
        var sql = $"""
            {RegionQueries.PathSql("r.id = @scope")};
            SELECT COUNT(m.id), CAST(COALESCE(SUM(m.is_active), 0) AS SIGNED)
            FROM regions r JOIN rooms m ON m.region_id = r.id
            WHERE r.path LIKE CONCAT(@regionPath, '%');
            {BoardSql($"t.region_l{level} = @scope", tasks)}
            """;
        var args = BoardArgs(nowUtc);
        args.Add("scope", region.Id);
        args.Add("regionPath", region.Path);
        await using var results = await connection.QueryResultsAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        var path = (await results.ReadAsync<RegionRef>()).AsList();
        var (rooms, open) = await results.ReadSingleAsync<(long, long)>();
        return new RegionBoard(path, rooms, open, await ReadBoardAsync(results));
    }

    /// <summary>
    /// The board's statements: its topics, then <paramref name="tasksSql"/>, then the photos. The topics are the
    /// newest-updated of each board status taken along the scope's (scope, status, …) index, at most a board's worth each,
    /// then merged — rather than every open topic of a city sorted (hundreds of milliseconds). The merge keeps a board's
    /// worth of ids before the rows are joined: joining all nine statuses' picks first (about 1,100 rows with their
    /// answered doubts) took a city's board 55–60 ms in the database, the ids first 9–12 ms.
    /// </summary>
    private static string BoardSql(string scopeCondition, string tasksSql)
    {
        // Both queries repeat the privacy rule of TopicStatus.Public: only visible topics in public statuses.
        var perStatus = OpenStatuses.Select((_, i) => $"(SELECT t.id, t.updated_at FROM topics t WHERE {scopeCondition} AND t.status = @s{i} AND t.moderation = 'visible' ORDER BY t.updated_at DESC, t.id DESC LIMIT @topicTake)")
            .Append($"(SELECT t.id, t.updated_at FROM topics t WHERE {scopeCondition} AND t.status = @closed AND t.updated_at >= @closedSince AND t.moderation = 'visible' ORDER BY t.updated_at DESC, t.id DESC LIMIT @topicTake)");
        // Before and after photos of the completed and closed topics picked, in the same round trip (index (topic_id, …)).
        var donePicks = perStatus.Where((_, i) => i == OpenStatuses.Length || OpenStatuses[i] == TopicStatus.Completed);
        return $"""
            SELECT t.id, m.name AS RoomName, m.scene AS RoomScene, t.title, c.name AS CategoryName, t.status, t.classification, t.class_note AS ClassNote,
                   t.announcement_ends_on AS AnnouncementEndsOn, t.resolution_text AS ResolutionText, t.resolution_deadline AS ResolutionDeadline,
                   t.result_text AS ResultText, t.support_count AS SupportCount, t.comment_count AS CommentCount, t.updated_at AS UpdatedAt,
                   {Doubts.AnsweredOfTopic} AS AnsweredDoubts
            FROM (SELECT id, updated_at FROM ({string.Join("\nUNION ALL ", perStatus)}) p ORDER BY updated_at DESC, id DESC LIMIT @topicTake) pick
            JOIN topics t ON t.id = pick.id JOIN rooms m ON m.id = t.room_id JOIN topic_categories c ON c.id = t.category_id
            ORDER BY pick.updated_at DESC, pick.id DESC;
            {tasksSql};
            SELECT p.topic_id AS TopicId, p.attached_kind AS AttachedKind, p.public_key AS PublicKey
            FROM ({string.Join("\nUNION ALL ", donePicks)}) pick JOIN photos p ON p.topic_id = pick.id AND p.status = 'pass'
            ORDER BY p.topic_id, p.attached_kind, p.attached_id, p.position, p.id;
            """;
    }

    private static DynamicParameters BoardArgs(DateTime nowUtc)
    {
        var args = new DynamicParameters(new
        {
            closed = TopicStatus.Closed,
            closedSince = nowUtc - ClosedShownFor,
            topicTake = MaxTopics + 1,
            implementing = new[] { TopicStatus.Implementing, TopicStatus.Completed },
            MaxTasks,
        });
        for (var i = 0; i < OpenStatuses.Length; i++)
        {
            args.Add($"s{i}", OpenStatuses[i]);
        }

        return args;
    }

    private static async Task<BoardData> ReadBoardAsync(SqlMapper.GridReader results)
    {
        var topics = (await results.ReadAsync<BoardTopic>()).AsList();
        var tasks = (await results.ReadAsync<BoardTask>()).AsList();
        var photos = (await results.ReadAsync<BoardPhoto>()).AsList();
        return new BoardData(topics.Take(MaxTopics).ToList(), tasks, topics.Count > MaxTopics, photos);
    }

    public static Task<RegionQueries.RegionRow?> FindRegionAsync(IDbConnection connection, string code, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<RegionQueries.RegionRow>(new CommandDefinition(
            $"{RegionQueries.SelectRow} WHERE code = @code", new { code }, cancellationToken: ct));
}
