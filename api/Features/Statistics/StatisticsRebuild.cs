using Dapper;
using MaShangYi.Api.Infrastructure.Time;
using MySqlConnector;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>
/// Recomputes the rollups of a period from the base tables (topics, evaluations, meetings, tasks): after data loaded in
/// bulk, and to prove the incremental figures equal a full recomputation. It works a month at a time, each month in its own
/// transaction, so readers never see a half-rebuilt month. Run it at a quiet hour: changes made to the same month while it
/// runs wait for its locks.
/// </summary>
public sealed class StatisticsRebuild(MySqlDataSource db, TimeProvider clock)
{
    public sealed record Outcome(DateOnly From, DateOnly To, int Months, long OpenTasks);

    /// <summary>The whole history when <paramref name="from"/> is null (from the first topic's day), up to today when <paramref name="to"/> is.</summary>
    public async Task<Outcome> RunAsync(DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var first = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition("SELECT MIN(submitted_at) FROM topics", cancellationToken: ct));
        var start = from ?? (first is { } f ? LocalDate.Of(f) : clock.Today());
        var end = to ?? clock.Today();
        var months = 0;
        for (var chunk = start; chunk <= end; chunk = new DateOnly(chunk.Year, chunk.Month, 1).AddMonths(1))
        {
            var chunkEnd = new DateOnly(chunk.Year, chunk.Month, 1).AddMonths(1).AddDays(-1);
            await RebuildDaysAsync(connection, chunk, chunkEnd < end ? chunkEnd : end, ct);
            months++;
        }

        var open = await RebuildOpenTasksAsync(connection, ct);
        return new Outcome(start, end, months, open);
    }

    private static readonly string[] LevelSql = [.. Enumerable.Range(1, 4).Select(FactsForLevel)];

    /// <summary>Every contribution dated in [@a, @b) (UTC), for the region at one level of each topic's chain.</summary>
    private static string FactsForLevel(int level) => $"""
        INSERT INTO stats_region_day (region_id, day, category_id, {StatColumns.List})
        SELECT region_id, day, category_id, {StatColumns.Sums}
        FROM (
            SELECT region_l{level} AS region_id, {StatColumns.BeijingDay("submitted_at")} AS day, category_id, {StatColumns.TopicSelect}
            FROM topics WHERE submitted_at >= @a AND submitted_at < @b AND region_l{level} IS NOT NULL
            UNION ALL
            SELECT t.region_l{level}, {StatColumns.BeijingDay("e.created_at")}, t.category_id, {StatColumns.EvaluationSelect}
            FROM evaluations e JOIN topics t ON t.id = e.topic_id WHERE e.created_at >= @a AND e.created_at < @b AND t.region_l{level} IS NOT NULL
            UNION ALL
            SELECT t.region_l{level}, {StatColumns.BeijingDay("g.minutes_at")}, t.category_id, {StatColumns.MeetingSelect}
            FROM meetings g JOIN topics t ON t.id = g.topic_id WHERE g.minutes_at >= @a AND g.minutes_at < @b AND t.region_l{level} IS NOT NULL
        ) facts
        GROUP BY region_id, day, category_id
        """;

    private static readonly string MonthSql = $"""
        DELETE FROM stats_region_month WHERE day = @month;
        INSERT INTO stats_region_month (region_id, day, category_id, {StatColumns.List})
        SELECT region_id, @month, category_id, {StatColumns.Sums}
        FROM stats_region_day WHERE day >= @month AND day < @nextMonth
        GROUP BY region_id, category_id;
        """;

    /// <summary>Recomputes the days [<paramref name="from"/>, <paramref name="to"/>] (within one month) and then that month's row.</summary>
    private static async Task RebuildDaysAsync(MySqlConnection connection, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var a = UtcStartOf(from);
        var b = UtcStartOf(to.AddDays(1));
        var month = new DateOnly(from.Year, from.Month, 1);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Folders wait while a month is rebuilt: both write stats_topics and the rollup rows.
        await connection.ExecuteAsync(new CommandDefinition(StatisticsFolding.TurnSql, transaction: tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM stats_region_day WHERE day >= @from AND day <= @to;
            INSERT INTO stats_topics (topic_id, status, classification, reviewed_at, category_id)
            SELECT id, status, classification, reviewed_at, category_id FROM topics WHERE submitted_at >= @a AND submitted_at < @b
            ON DUPLICATE KEY UPDATE status = VALUES(status), classification = VALUES(classification), reviewed_at = VALUES(reviewed_at),
                                    category_id = VALUES(category_id);
            """,
            new { from = Date(from), to = Date(to), a, b }, tx, cancellationToken: ct));
        foreach (var sql in LevelSql)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { a, b }, tx, cancellationToken: ct, commandTimeout: 600));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            MonthSql, new { month = Date(month), nextMonth = Date(month.AddMonths(1)) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Open tasks are a current state, not a period: rebuilt whole.</summary>
    private static async Task<long> RebuildOpenTasksAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            DELETE FROM stats_open_tasks;
            INSERT INTO stats_open_tasks (task_id, topic_id, region_l1, region_l2, region_l3, region_l4, due_on)
            {StatisticsRollup.OpenTasksSelect};
            """,
            transaction: tx, cancellationToken: ct));
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM stats_open_tasks", transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return count;
    }

    /// <summary>The UTC instant a Beijing day starts.</summary>
    public static DateTime UtcStartOf(DateOnly day) => day.ToDateTime(TimeOnly.MinValue) - LocalDate.Offset;

    private static DateTime Date(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);
}
