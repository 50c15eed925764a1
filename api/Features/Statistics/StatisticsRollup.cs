using Dapper;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Time;
using MySqlConnector;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>
/// Keeps the statistics rollups up to date in each change's own transaction, so a change that rolls back leaves no trace
/// and a statistics read sees every committed change. A topic change applies its topic's contribution now minus the one
/// it last added (kept in stats_topics, because an action may change the category, review time or classification as well
/// as the status); a recorded meeting, a given evaluation and a doubt first answered, dated by their own day, are added by the endpoints that
/// write them, found by their keys.
/// </summary>
public sealed class StatisticsRollup : ITopicObserver
{
    /// <summary>The region id at level v.level of the chain of the row aliased <paramref name="alias"/> (see <see cref="EveryLevel"/>).</summary>
    private static string RegionAt(string alias) =>
        $"CASE v.level WHEN 1 THEN {alias}.region_l1 WHEN 2 THEN {alias}.region_l2 WHEN 3 THEN {alias}.region_l3 ELSE {alias}.region_l4 END";

    /// <summary>One row per level 1–4 of the region chain of the row aliased <paramref name="alias"/> that has a region there.</summary>
    private static string EveryLevel(string alias) =>
        $"JOIN (SELECT 1 AS level UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) v ON {RegionAt(alias)} IS NOT NULL";

    /// <summary>
    /// The topic's contribution now (+1) and the one it last added (−1, from stats_topics; none for a new topic), each at
    /// every level of its region chain, on its submission day and category. A contribution depends only on the status,
    /// classification, review time and category stats_topics keeps: when none of them changed, there are no rows, and the
    /// change touches no rollup row (a city's rows are shared by all its changes).
    /// Each contribution is computed once, over both rows, with its response time in a column (the statement's cost is
    /// mostly its text: docs/benchmarks.md).
    /// </summary>
    private static readonly string SignedSql = $"""
        SELECT {RegionAt("c")} AS region_id, {StatColumns.BeijingDay("c.submitted_at")} AS day, c.category_id, c.sign,
               {StatColumns.TopicSelectOver("response_s")}
        FROM (SELECT x.sign, t.region_l1, t.region_l2, t.region_l3, t.region_l4, COALESCE(x.category_id, t.category_id) AS category_id,
                     t.submitted_at, x.status, x.classification, x.reviewed_at, TIMESTAMPDIFF(SECOND, t.submitted_at, x.reviewed_at) AS response_s
              FROM (SELECT 1 AS sign, id, category_id, status, classification, reviewed_at FROM topics WHERE id = @topicId
                    UNION ALL
                    SELECT -1, topic_id, category_id, status, classification, reviewed_at FROM stats_topics WHERE topic_id = @topicId) x
              JOIN topics t ON t.id = x.id
              WHERE NOT EXISTS (SELECT 1 FROM stats_topics s JOIN topics n ON n.id = s.topic_id
                                WHERE s.topic_id = @topicId AND s.status = n.status AND s.classification <=> n.classification
                                  AND s.reviewed_at <=> n.reviewed_at AND COALESCE(s.category_id, n.category_id) = n.category_id)) c
        {EveryLevel("c")}
        """;

    /// <summary>The difference summed per row of <paramref name="table"/>, rows in key order.</summary>
    private static string ApplyTo(string table, string day) => $"""
        INSERT INTO {table} (region_id, day, category_id, {StatColumns.List})
        SELECT region_id, {day}, category_id, {string.Join(", ", StatColumns.All.Select(col => $"SUM(sign * {col})"))}
        FROM ({SignedSql}) d
        GROUP BY region_id, {day}, category_id
        ORDER BY region_id, {day}, category_id
        ON DUPLICATE KEY UPDATE {AddingTo(StatColumns.All)}
        """;

    /// <summary>What the topic now contributes, kept so that its next change can take it away.</summary>
    private const string RememberContributionSql = """
        INSERT INTO stats_topics (topic_id, status, classification, reviewed_at, category_id)
        SELECT id, status, classification, reviewed_at, category_id FROM topics WHERE id = @topicId
        ON DUPLICATE KEY UPDATE status = VALUES(status), classification = VALUES(classification), reviewed_at = VALUES(reviewed_at),
                                category_id = VALUES(category_id)
        """;

    /// <summary>
    /// One round trip: the day rows, the month rows, then what the topic now contributes. The rows a city's changes share
    /// are locked here, at the end of the change, as briefly as its transaction allows.
    /// </summary>
    private static readonly string ApplySql = $"""
        {ApplyTo("stats_region_day", "day")};
        {ApplyTo("stats_region_month", "DATE_SUB(day, INTERVAL DAYOFMONTH(day) - 1 DAY)")};
        {RememberContributionSql};
        """;

    /// <summary>
    /// What a topic just written contributes: it is submitted and not yet reviewed or classified, so of
    /// <see cref="StatColumns.TopicSelect"/>'s columns only these are 1 (the rebuild tests hold the two to each other).
    /// </summary>
    private static readonly string[] NewTopicColumns = ["submitted", "s_" + TopicStatus.Submitted];

    /// <summary>
    /// A new topic, on its submission day and month at each of its chain's <c>levels</c> regions (@r0…, in region order,
    /// as every change locks them): a plain upsert of its counts, then what it contributes, kept for its next change.
    /// Reading the topic back and expanding its chain (as a change does) cost two temporary tables a rollup: about
    /// 0.5 ms of the database's time each, for a contribution known here (docs/benchmarks.md).
    /// </summary>
    private static string CreatedSql(int levels)
    {
        string To(string table, string day) => $"""
            INSERT INTO {table} (region_id, day, category_id, {string.Join(", ", NewTopicColumns)})
            VALUES {string.Join(", ", Enumerable.Range(0, levels).Select(i => $"(@r{i}, {day}, @categoryId, {string.Join(", ", NewTopicColumns.Select(_ => "1"))})"))}
            ON DUPLICATE KEY UPDATE {string.Join(", ", NewTopicColumns.Select(c => $"{c} = {c} + 1"))}
            """;
        return $"""
            {(levels == 0 ? "" : $"{To("stats_region_day", "@createdDay")};\n{To("stats_region_month", "@createdMonth")};")}
            INSERT INTO stats_topics (topic_id, status, classification, reviewed_at, category_id) VALUES (@topicId, '{TopicStatus.Submitted}', NULL, NULL, @categoryId);
            """;
    }

    /// <summary><see cref="CreatedSql"/> for a chain of 0–4 regions, built once.</summary>
    private static readonly string[] CreatedSqlByLevels = [.. Enumerable.Range(0, 5).Select(CreatedSql)];

    private static readonly string OpenTasksSql = $"""
        DELETE FROM stats_open_tasks WHERE topic_id = @topicId;
        INSERT INTO stats_open_tasks (task_id, topic_id, region_l1, region_l2, region_l3, region_l4, due_on)
        {OpenTasksSelect} AND k.topic_id = @topicId;
        """;

    public Task OnChangedAsync(TopicChange change)
    {
        // Open tasks are those of topics in implementation: synced by every change that enters, leaves or happens in it.
        if (change.FromStatus is null)
        {
            var created = change.Submitted ?? throw new InvalidOperationException("A new topic's change carries what was submitted.");
            var regions = created.Chain.OfType<long>().Order().ToList();
            var (day, month) = DayAndMonth(change.Now);
            var args = new Dictionary<string, object?>
            {
                ["topicId"] = change.TopicId, ["categoryId"] = created.CategoryId, ["createdDay"] = day, ["createdMonth"] = month,
            };
            for (var i = 0; i < regions.Count; i++)
            {
                args[$"r{i}"] = regions[i];
            }

            change.Script.Add(CreatedSqlByLevels[regions.Count], args);
            return Task.CompletedTask;
        }

        var tasks = change.FromStatus == TopicStatus.Implementing || change.ToStatus == TopicStatus.Implementing;
        change.Script.Add(tasks ? ApplySql + OpenTasksSql : ApplySql, new { change.TopicId });
        return Task.CompletedTask;
    }

    /// <summary>
    /// Queues, on the change's script, the meeting whose minutes it records: one held meeting on the day they were recorded,
    /// at every level of the topic's region chain (no round trip of its own).
    /// </summary>
    public static void MeetingHeld(ChangeScript script, long topicId, long meetingId, DateTime now) =>
        AddEvent(script, MeetingHeldSql, topicId, ("heldMeetingId", meetingId), now);

    /// <summary>
    /// Adds the one row <paramref name="source"/> selects (<paramref name="event"/>'s own columns) to <paramref name="table"/>
    /// at every level of the topic's chain; grouped, so the update clause's names can only mean the table's columns (as in
    /// <see cref="ApplyTo"/>).
    /// </summary>
    private static string EventTo(string table, string day, StatColumns.Contribution @event, string source) => $"""
        INSERT INTO {table} (region_id, day, category_id, {string.Join(", ", @event.Columns)})
        SELECT {RegionAt("t")} AS region_id,
               {day}, t.category_id, {string.Join(", ", @event.Columns.Select(col => $"SUM(x.{col})"))}
        FROM (SELECT {@event.OwnSelect} {source}) x
        JOIN topics t ON t.id = @heldTopicId
        {EveryLevel("t")}
        GROUP BY region_id, t.category_id
        ORDER BY region_id
        ON DUPLICATE KEY UPDATE {AddingTo(@event.Columns)}
        """;

    /// <summary>The day and month rows of the event row found <paramref name="source"/> (its FROM and WHERE), at every level of the chain.</summary>
    private static string EventSql(StatColumns.Contribution @event, string source) =>
        string.Join(";\n", EventTo("stats_region_day", "@heldDay", @event, source), EventTo("stats_region_month", "@heldMonth", @event, source));

    private static readonly string MeetingHeldSql = EventSql(StatColumns.Meeting, "FROM meetings WHERE id = @heldMeetingId");

    private static readonly string DoubtAnsweredSql = EventSql(
        StatColumns.Answer, $"FROM topic_comments c WHERE c.id = @answeredCommentId AND {StatColumns.AnsweredDoubt}");

    private static readonly string EvaluationGivenSql = EventSql(
        StatColumns.Evaluation, "FROM evaluations e JOIN topics et ON et.id = e.topic_id AND et.round = e.round WHERE e.topic_id = @heldTopicId AND e.user_id = @evaluatorId");

    /// <summary>Queues an event's contribution (<paramref name="sql"/>, its row found by <paramref name="key"/>) on the day of <paramref name="now"/>.</summary>
    private static void AddEvent(ChangeScript script, string sql, long topicId, (string Name, long Value) key, DateTime now)
    {
        var (day, month) = DayAndMonth(now);
        script.Add(sql, new Dictionary<string, object?> { ["heldTopicId"] = topicId, [key.Name] = key.Value, ["heldDay"] = day, ["heldMonth"] = month });
    }

    /// <summary>The Beijing day of a UTC instant and the first day of its month: the keys of its day and month rows.</summary>
    private static (DateTime Day, DateTime Month) DayAndMonth(DateTime utc)
    {
        var day = LocalDate.Of(utc);
        return (day.ToDateTime(TimeOnly.MinValue), new DateOnly(day.Year, day.Month, 1).ToDateTime(TimeOnly.MinValue));
    }

    /// <summary>
    /// Queues the doubt first answered by the change (queued after the write that sets its answered_at): one doubt answered
    /// on the day of the answer, at every level of the topic's region chain; nothing for a comment of another stance.
    /// </summary>
    public static void DoubtAnswered(ChangeScript script, long topicId, long commentId, DateTime now) =>
        AddEvent(script, DoubtAnsweredSql, topicId, ("answeredCommentId", commentId), now);

    /// <summary>
    /// Queues the evaluation <paramref name="userId"/> has just given in the topic's current round (found by its unique
    /// key), added to the day it was given at every level of the topic's region chain.
    /// </summary>
    public static void EvaluationGiven(ChangeScript script, long topicId, long userId, DateTime now) =>
        AddEvent(script, EvaluationGivenSql, topicId, ("evaluatorId", userId), now);

    /// <summary>The topic's tasks that count as open (the due list's rule: this round, under 100%, topic in implementation).</summary>
    public const string OpenTasksSelect = """
        SELECT k.id, k.topic_id, t.region_l1, t.region_l2, t.region_l3, t.region_l4, k.due_on
        FROM tasks k JOIN topics t ON t.id = k.topic_id
        WHERE k.progress < 100 AND k.round = t.round AND t.status = 'implementing'
        """;

    /// <summary><c>col = col + VALUES(col)</c> for each column; qualified with <paramref name="table"/> when the select has columns of the same names.</summary>
    internal static string AddingTo(IEnumerable<string> columns, string? table = null)
    {
        var q = table is null ? "" : table + ".";
        return string.Join(", ", columns.Select(c => $"{q}{c} = {q}{c} + VALUES({c})"));
    }
}
