using Dapper;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Time;
using MySqlConnector;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>
/// Keeps the statistics rollups up to date. A topic change only queues its topic (stats_pending) in the change's own
/// transaction — so a change that rolls back leaves no trace and no change waits on a city's shared rollup rows — and
/// <see cref="StatisticsFolding"/> moves the topic's contribution into the rollups moments later (and before any statistics
/// read). A recorded meeting and a given evaluation, rare and dated by their own day, are added by the endpoints that
/// write them, in their transaction, found by their keys.
/// </summary>
public sealed class StatisticsRollup : ITopicObserver
{
    private sealed record TopicFacts(long RegionL1, long? RegionL2, long? RegionL3, long? RegionL4, long CategoryId, DateTime SubmittedAt)
    {
        public long[] Chain => new[] { RegionL1, RegionL2, RegionL3, RegionL4 }.OfType<long>().ToArray();
    }

    private const string FactsSql =
        "SELECT region_l1 AS RegionL1, region_l2 AS RegionL2, region_l3 AS RegionL3, region_l4 AS RegionL4, category_id AS CategoryId, submitted_at AS SubmittedAt FROM topics WHERE id = @id";

    private static readonly string MeetingSql = $"SELECT {StatColumns.MeetingSelect} FROM meetings WHERE id = @meetingId";

    private static readonly string EvaluationSql = $"SELECT {StatColumns.EvaluationSelect} FROM evaluations e WHERE e.id = @evaluationId";

    /// <summary>New topics are queued as they are written (see <see cref="ITopicObserver.CreatedSql"/>).</summary>
    public string CreatedSql => "INSERT INTO stats_pending (topic_id, created_at) SELECT id, submitted_at FROM topics WHERE receipt_no IN @receipts";

    public Task OnChangedAsync(TopicChange change) => OnChangedAsync([change]);

    public async Task OnChangedAsync(IReadOnlyList<TopicChange> changes)
    {
        // A change that carries its new topic was made by TopicCreation, which queued the topic with its row (CreatedSql).
        var changed = changes.Where(c => c.Submitted is null).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var (connection, tx, ct) = (changed[0].Connection, changed[0].Transaction, changed[0].Ct);
        // Queues the topics for folding: an append, no shared row locked.
        var queued = new DynamicParameters();
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO stats_pending (topic_id, created_at) VALUES {SqlRows.Values(queued, "q", changed, c => [c.TopicId, c.Now])}",
            queued, tx, cancellationToken: ct, flags: SqlRows.Generated));

        foreach (var change in changed)
        {
            if (change.FromStatus == TopicStatus.Implementing || change.ToStatus == TopicStatus.Implementing)
            {
                await SyncOpenTasksAsync(connection, tx, change.TopicId, ct);
            }
        }
    }

    /// <summary>Adds the meeting whose minutes were just recorded (in <paramref name="tx"/>) to the day they were recorded.</summary>
    public static async Task MinutesRecordedAsync(MySqlConnection connection, MySqlTransaction tx, long topicId, long meetingId, DateTime now, CancellationToken ct)
    {
        var facts = await connection.QuerySingleAsync<TopicFacts>(new CommandDefinition(FactsSql, new { id = topicId }, tx, cancellationToken: ct));
        var meeting = await connection.QuerySingleAsync(new CommandDefinition(MeetingSql, new { meetingId }, tx, cancellationToken: ct));
        await AddAsync(connection, tx, facts.Chain, LocalDate.Of(now), facts.CategoryId, Vector((IDictionary<string, object>)meeting), ct);
    }

    /// <summary>Adds the evaluation just written (in <paramref name="tx"/>) to the day it was given.</summary>
    public static async Task EvaluatedAsync(MySqlConnection connection, MySqlTransaction tx, long topicId, long evaluationId, DateTime now, CancellationToken ct)
    {
        var facts = await connection.QuerySingleAsync<TopicFacts>(new CommandDefinition(FactsSql, new { id = topicId }, tx, cancellationToken: ct));
        var evaluation = await connection.QuerySingleAsync(new CommandDefinition(EvaluationSql, new { evaluationId }, tx, cancellationToken: ct));
        await AddAsync(connection, tx, facts.Chain, LocalDate.Of(now), facts.CategoryId, Vector((IDictionary<string, object>)evaluation), ct);
    }

    /// <summary>The topic's tasks that count as open (the due list's rule: this round, under 100%, topic in implementation).</summary>
    public const string OpenTasksSelect = """
        SELECT k.id, k.topic_id, t.region_l1, t.region_l2, t.region_l3, t.region_l4, k.due_on
        FROM tasks k JOIN topics t ON t.id = k.topic_id
        WHERE k.progress < 100 AND k.round = t.round AND t.status = 'implementing'
        """;

    private static async Task SyncOpenTasksAsync(MySqlConnection connection, MySqlTransaction tx, long id, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            DELETE FROM stats_open_tasks WHERE topic_id = @id;
            INSERT INTO stats_open_tasks (task_id, topic_id, region_l1, region_l2, region_l3, region_l4, due_on)
            {OpenTasksSelect} AND k.topic_id = @id;
            """,
            new { id }, tx, cancellationToken: ct));

    private static readonly string UpsertColumns = string.Join(", ", StatColumns.All.Select(c => "@" + c));

    private static readonly string UpsertUpdates = AddingTo(StatColumns.All);

    /// <summary>The ON DUPLICATE KEY UPDATE list that adds each of <paramref name="columns"/>' new values to the row's.</summary>
    internal static string AddingTo(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"{c} = {c} + VALUES({c})"));

    /// <summary>
    /// Adds <paramref name="delta"/> to the day row and the month row of every region in the chain: one multi-row upsert,
    /// rows in key order (so concurrent changes lock them in the same order), instead of a round trip per row.
    /// </summary>
    private static async Task AddAsync(MySqlConnection connection, MySqlTransaction tx, long[] chain, DateOnly day, long categoryId, long[] delta, CancellationToken ct)
    {
        if (delta.All(v => v == 0))
        {
            return;
        }

        var args = new DynamicParameters(new { day = day.ToDateTime(TimeOnly.MinValue), month = new DateOnly(day.Year, day.Month, 1).ToDateTime(TimeOnly.MinValue), categoryId });
        for (var i = 0; i < delta.Length; i++)
        {
            args.Add(StatColumns.All[i], delta[i]);
        }

        var regions = chain.Order().ToArray();
        for (var i = 0; i < regions.Length; i++)
        {
            args.Add($"r{i}", regions[i]);
        }

        string Values(string dateParameter) =>
            string.Join(", ", regions.Select((_, i) => $"(@r{i}, {dateParameter}, @categoryId, {UpsertColumns})"));

        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO stats_region_day (region_id, day, category_id, {StatColumns.List}) VALUES {Values("@day")}
            ON DUPLICATE KEY UPDATE {UpsertUpdates};
            INSERT INTO stats_region_month (region_id, day, category_id, {StatColumns.List}) VALUES {Values("@month")}
            ON DUPLICATE KEY UPDATE {UpsertUpdates};
            """,
            args, tx, cancellationToken: ct));
    }

    internal static long[] Vector(IDictionary<string, object> row) => [.. StatColumns.All.Select(c => Long(row[c]))];

    internal static long Long(object value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
}
