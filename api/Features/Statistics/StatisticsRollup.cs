using Dapper;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Time;
using MySqlConnector;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>
/// Keeps the statistics rollups up to date in each change's own transaction, so a change that rolls back leaves no trace
/// and a statistics read sees every committed change. A topic change applies its topic's contribution now minus the one
/// it last added (kept in stats_topics, because an action may change the category, review time or classification as well
/// as the status); a recorded meeting and a given evaluation, dated by their own day, are added by the endpoints that
/// write them, found by their keys.
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

    /// <summary>
    /// The topic's contribution now (+1) and the one it last added (−1, from stats_topics; none for a new topic), each at
    /// every level of its region chain, on its submission day and category.
    /// </summary>
    private static readonly string SignedSql = $"""
        SELECT CASE v.level WHEN 1 THEN c.region_l1 WHEN 2 THEN c.region_l2 WHEN 3 THEN c.region_l3 ELSE c.region_l4 END AS region_id,
               {StatColumns.BeijingDay("c.submitted_at")} AS day, c.category_id, c.sign, {string.Join(", ", StatColumns.All.Select(col => "c." + col))}
        FROM (SELECT 1 AS sign, region_l1, region_l2, region_l3, region_l4, category_id, submitted_at, {StatColumns.TopicSelect}
              FROM topics WHERE id = @topicId
              UNION ALL
              SELECT -1, region_l1, region_l2, region_l3, region_l4, category_id, submitted_at, {StatColumns.TopicSelect}
              FROM (SELECT t.region_l1, t.region_l2, t.region_l3, t.region_l4, COALESCE(s.category_id, t.category_id) AS category_id, t.submitted_at,
                           s.status, s.classification, s.reviewed_at
                    FROM stats_topics s JOIN topics t ON t.id = s.topic_id WHERE s.topic_id = @topicId) old) c
        JOIN (SELECT 1 AS level UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) v
          ON CASE v.level WHEN 1 THEN c.region_l1 WHEN 2 THEN c.region_l2 WHEN 3 THEN c.region_l3 ELSE c.region_l4 END IS NOT NULL
        """;

    /// <summary>The difference summed per row of <paramref name="table"/>; rows it leaves unchanged are not touched, rows in key order.</summary>
    private static string ApplyTo(string table, string day) => $"""
        INSERT INTO {table} (region_id, day, category_id, {StatColumns.List})
        SELECT region_id, {day}, category_id, {string.Join(", ", StatColumns.All.Select(col => $"SUM(sign * {col})"))}
        FROM ({SignedSql}) d
        GROUP BY region_id, {day}, category_id
        HAVING {string.Join(" OR ", StatColumns.All.Select(col => $"SUM(sign * {col}) <> 0"))}
        ORDER BY region_id, {day}, category_id
        ON DUPLICATE KEY UPDATE {AddingTo(StatColumns.All)}
        """;

    /// <summary>
    /// One round trip: the day rows, the month rows, then what the topic now contributes. The rows a city's changes share
    /// are locked here, at the end of the change, as briefly as its transaction allows.
    /// </summary>
    private static readonly string ApplySql = $"""
        {ApplyTo("stats_region_day", "day")};
        {ApplyTo("stats_region_month", "DATE_SUB(day, INTERVAL DAYOFMONTH(day) - 1 DAY)")};
        INSERT INTO stats_topics (topic_id, status, classification, reviewed_at, category_id)
        SELECT id, status, classification, reviewed_at, category_id FROM topics WHERE id = @topicId
        ON DUPLICATE KEY UPDATE status = VALUES(status), classification = VALUES(classification), reviewed_at = VALUES(reviewed_at),
                                category_id = VALUES(category_id);
        """;

    private static readonly string OpenTasksSql = $"""
        DELETE FROM stats_open_tasks WHERE topic_id = @topicId;
        INSERT INTO stats_open_tasks (task_id, topic_id, region_l1, region_l2, region_l3, region_l4, due_on)
        {OpenTasksSelect} AND k.topic_id = @topicId;
        """;

    public Task OnChangedAsync(TopicChange change)
    {
        // Open tasks are those of topics in implementation: synced by every change that enters, leaves or happens in it.
        var tasks = change.FromStatus == TopicStatus.Implementing || change.ToStatus == TopicStatus.Implementing;
        change.Script.Add(tasks ? ApplySql + OpenTasksSql : ApplySql, new { change.TopicId });
        return Task.CompletedTask;
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
