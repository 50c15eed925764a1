using Dapper;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Time;
using MySqlConnector;
using System.Globalization;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>
/// Keeps the statistics rollups up to date in each change's own transaction, so a change that rolls back leaves no trace
/// and a statistics read sees every committed change. A topic change applies its topic's contribution now minus the one
/// it last added (kept in stats_topics, because an action may change the category, review time or classification as well
/// as the status), both computed from the facts the change carries; a recorded meeting, a given evaluation and a doubt first answered, dated by their own day, are added by the endpoints that
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
    /// The topic's difference on <paramref name="table"/>'s rows: one row per region and category (rows in key order, as
    /// every change locks them), the columns that changed as plain values; <paramref name="day"/> the row's day parameter.
    /// </summary>
    private static string DifferenceSql(string table, string day, int regions, IReadOnlyList<(long Category, long[] Counts)> rows, int[] columns)
    {
        var names = columns.Select(c => StatColumns.All[c]).ToList();
        var values = Enumerable.Range(0, regions).SelectMany(r => rows.Select((row, k) =>
            $"(@r{r}, {day}, @k{k}, {string.Join(", ", columns.Select(c => row.Counts[c].ToString(CultureInfo.InvariantCulture)))})"));
        return $"""
            INSERT INTO {table} (region_id, day, category_id, {string.Join(", ", names)})
            VALUES {string.Join(", ", values)}
            ON DUPLICATE KEY UPDATE {AddingTo(names)}
            """;
    }

    /// <summary>What the topic now counts for, kept so that its next change can take it away.</summary>
    private const string RememberSql = """
        INSERT INTO stats_topics (topic_id, status, classification, reviewed_at, category_id)
        VALUES (@countedTopicId, @countedStatus, @countedClass, @countedReviewedAt, @countedCategoryId)
        ON DUPLICATE KEY UPDATE status = VALUES(status), classification = VALUES(classification), reviewed_at = VALUES(reviewed_at),
                                category_id = VALUES(category_id)
        """;

    /// <summary>
    /// Queues the topic's difference: what it counts for after the change minus what it last added (kept in stats_topics;
    /// none for a new topic), on its submission day and month at each region of its chain, then what it now counts for.
    /// Both are known to the change (<see cref="CountedChange"/>), so the statements carry plain values: the definition's
    /// text, sent with every change, cost the database 1.2–1.9 ms a statement, now 0.3–0.45 (docs/benchmarks.md). A change
    /// that leaves the facts as they were touches no rollup row (a city's rows are shared by all its changes).
    /// </summary>
    private static void AddDifference(ChangeScript script, long topicId, CountedChange counted)
    {
        if (counted.Before == counted.After)
        {
            return;
        }

        var after = StatColumns.TopicCounts(counted.After, counted.SubmittedAt);
        var byCategory = new SortedDictionary<long, long[]> { [counted.After.CategoryId] = after };
        if (counted.Before is { } before)
        {
            var was = StatColumns.TopicCounts(before, counted.SubmittedAt);
            var row = byCategory.TryGetValue(before.CategoryId, out var same) ? same : byCategory[before.CategoryId] = new long[was.Length];
            for (var i = 0; i < was.Length; i++)
            {
                row[i] -= was[i];
            }
        }

        var rows = byCategory.Select(kv => (kv.Key, kv.Value)).ToList();
        var columns = Enumerable.Range(0, StatColumns.All.Length).Where(c => rows.Any(r => r.Value[c] != 0)).ToArray();
        var regions = counted.Chain.OfType<long>().Order().ToList();
        var (day, month) = DayAndMonth(counted.SubmittedAt);
        var args = new Dictionary<string, object?>
        {
            ["countedTopicId"] = topicId, ["countedStatus"] = counted.After.Status, ["countedClass"] = counted.After.Classification,
            ["countedReviewedAt"] = counted.After.ReviewedAt, ["countedCategoryId"] = counted.After.CategoryId, ["countedDay"] = day, ["countedMonth"] = month,
        };
        for (var i = 0; i < regions.Count; i++)
        {
            args[$"r{i}"] = regions[i];
        }

        for (var k = 0; k < rows.Count; k++)
        {
            args[$"k{k}"] = rows[k].Key;
        }

        var sql = columns.Length == 0 || regions.Count == 0
            ? RememberSql
            : $"""
              {DifferenceSql("stats_region_day", "@countedDay", regions.Count, rows, columns)};
              {DifferenceSql("stats_region_month", "@countedMonth", regions.Count, rows, columns)};
              {RememberSql};
              """;
        script.Add(sql, args);
    }

    private static readonly string OpenTasksSql = $"""
        DELETE FROM stats_open_tasks WHERE topic_id = @topicId;
        INSERT INTO stats_open_tasks (task_id, topic_id, region_l1, region_l2, region_l3, region_l4, due_on)
        {OpenTasksSelect} AND k.topic_id = @topicId;
        """;

    public Task OnChangedAsync(TopicChange change)
    {
        AddDifference(change.Script, change.TopicId, change.Counted);
        // Open tasks are those of topics in implementation: synced by every change that enters, leaves or happens in it.
        if (change.FromStatus == TopicStatus.Implementing || change.ToStatus == TopicStatus.Implementing)
        {
            change.Script.Add(OpenTasksSql, new { change.TopicId });
        }

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
    /// at every level of the topic's chain; grouped, so the update clause's names can only mean the table's columns.
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
