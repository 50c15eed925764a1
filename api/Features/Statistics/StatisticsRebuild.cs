using System.Globalization;
using Dapper;
using MaShangYi.Api.Infrastructure.Progress;
using MaShangYi.Api.Infrastructure.Time;
using MySqlConnector;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>
/// Recomputes the rollups of a period from the base tables (topics, evaluations, meetings, tasks): after data loaded in
/// bulk, and to prove the incremental figures equal a full recomputation. It works a few Beijing days at a time — a chunk
/// of at most a few thousand topics (or one busier day), however busy its month — each chunk in its own small transaction,
/// so readers never see a half-rebuilt day. The chunk that ends a month also recomputes that month's rows from its day
/// rows, a slice of regions per statement; until then a month being rebuilt shows its earlier month rows. Then the open
/// tasks, a range of task ids at a time. Where it
/// stands is recorded with each chunk (<see cref="StatisticsRebuildState"/>): run again over the same period, a rebuild
/// that stopped resumes at the next chunk. Run it at a quiet hour: changes to the day being rebuilt wait for its locks.
/// </summary>
public sealed class StatisticsRebuild(MySqlDataSource db, TimeProvider clock)
{
    public sealed record Outcome(DateOnly From, DateOnly To, int Days, long OpenTasks, bool Resumed);

    /// <summary>Seconds one statement of a chunk may take: a day or a task range is small, this is only a guard against a stuck server.</summary>
    private const int ChunkTimeout = 300;

    /// <summary>Seconds for the one read over the whole period (topics per day, for the progress estimate): an index range scan.</summary>
    private const int ScanTimeout = 1800;

    /// <summary>Topics per chunk of days: consecutive days of one month are taken together up to this many (a busier day alone).</summary>
    internal int ChunkTopics { get; init; } = 5_000;

    /// <summary>Task ids per open-tasks chunk.</summary>
    internal int TaskChunk { get; init; } = 20_000;

    /// <summary>
    /// The whole history when <paramref name="from"/> is null (from the first topic's day), up to today when <paramref name="to"/> is.
    /// <paramref name="report"/> gets a progress line at most every <paramref name="every"/> (default 5 s).
    /// </summary>
    public async Task<Outcome> RunAsync(DateOnly? from, DateOnly? to, CancellationToken ct, Action<string>? report = null, TimeSpan? every = null)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var first = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition("SELECT MIN(submitted_at) FROM topics", cancellationToken: ct));
        var start = from ?? (first is { } f ? LocalDate.Of(f) : clock.Today());
        var end = to ?? clock.Today();
        var state = await StatisticsRebuildState.ResumeOrStartAsync(connection, start, end, clock, ct);
        report ??= _ => { };
        if (state.Resumed)
        {
            report(string.Create(CultureInfo.InvariantCulture, $"rebuild-statistics: resuming the rebuild of {start:yyyy-MM-dd} … {end:yyyy-MM-dd} at {state.Phase} ({state.NextDay:yyyy-MM-dd})"));
        }

        var days = 0;
        if (state.Phase == StatisticsRebuildState.Days)
        {
            // A day weighs its topics (the bulk of its work) plus a little for the fixed cost of a chunk.
            var topics = (await connection.QueryAsync<(DateTime Day, long Topics)>(new CommandDefinition(
                    $"SELECT {StatColumns.BeijingDay("submitted_at")}, COUNT(*) FROM topics WHERE submitted_at >= @a AND submitted_at < @b GROUP BY 1",
                    new { a = UtcStartOf(start), b = UtcStartOf(end.AddDays(1)) }, cancellationToken: ct, commandTimeout: ScanTimeout)))
                .ToDictionary(r => DateOnly.FromDateTime(r.Day), r => r.Topics);
            double Weight(DateOnly day) => 50 + topics.GetValueOrDefault(day);
            var allDays = end.DayNumber - start.DayNumber + 1;
            var total = Enumerable.Range(0, Math.Max(allDays, 0)).Sum(i => Weight(start.AddDays(i)));
            var before = Enumerable.Range(0, Math.Max(state.NextDay.DayNumber - start.DayNumber, 0)).Sum(i => Weight(start.AddDays(i)));
            var progress = new JobProgress("rebuild-statistics", total, before, report, every ?? TimeSpan.FromSeconds(5));
            for (var day = state.NextDay; day <= end;)
            {
                // A chunk: this day, and the next ones of the same month while their topics stay within ChunkTopics.
                var (last, load) = (day, topics.GetValueOrDefault(day));
                while (last < end && last.AddDays(1).Month == day.Month && load + topics.GetValueOrDefault(last.AddDays(1)) <= ChunkTopics)
                {
                    last = last.AddDays(1);
                    load += topics.GetValueOrDefault(last);
                }

                await RebuildDaysAsync(connection, day, last, end, ct);
                var count = last.DayNumber - day.DayNumber + 1;
                days += count;
                progress.Advance(Enumerable.Range(0, count).Sum(i => Weight(day.AddDays(i))), string.Create(CultureInfo.InvariantCulture,
                    $"days to {last:yyyy-MM-dd}, {last.DayNumber - start.DayNumber + 1:N0} of {allDays:N0}"));
                day = last.AddDays(1);
            }
        }

        var open = await RebuildOpenTasksAsync(connection, state.NextTaskId, report, every ?? TimeSpan.FromSeconds(5), ct);
        return new Outcome(start, end, days, open, state.Resumed);
    }

    private static readonly string LevelUpdates = string.Join(", ", StatColumns.All.Select(c => $"{c} = VALUES({c})"));

    private static readonly string[] LevelSql = [.. Enumerable.Range(1, 4).Select(FactsForLevel)];

    /// <summary>Every contribution dated in [@a, @b) (UTC) — the chunk's Beijing days — for the region at one level of each topic's chain.</summary>
    private static string FactsForLevel(int level) => $"""
        INSERT INTO stats_region_day (region_id, day, category_id, {StatColumns.List})
        SELECT region_id, day, category_id, {StatColumns.Sums}
        FROM (
            SELECT region_l{level} AS region_id, {StatColumns.BeijingDay("submitted_at")} AS day, category_id, {StatColumns.TopicSelect}
            FROM topics WHERE submitted_at >= @a AND submitted_at < @b AND region_l{level} IS NOT NULL
            UNION ALL
            SELECT t.region_l{level}, {StatColumns.BeijingDay("e.created_at")}, t.category_id, {StatColumns.Evaluation.Select}
            FROM evaluations e JOIN topics t ON t.id = e.topic_id WHERE e.created_at >= @a AND e.created_at < @b AND t.region_l{level} IS NOT NULL
            UNION ALL
            SELECT t.region_l{level}, {StatColumns.BeijingDay("g.minutes_at")}, t.category_id, {StatColumns.Meeting.Select}
            FROM meetings g JOIN topics t ON t.id = g.topic_id WHERE g.minutes_at >= @a AND g.minutes_at < @b AND t.region_l{level} IS NOT NULL
            UNION ALL
            SELECT t.region_l{level}, {StatColumns.BeijingDay("c.answered_at")}, t.category_id, {StatColumns.Answer.Select}
            FROM topic_comments c JOIN topics t ON t.id = c.topic_id
            WHERE c.answered_at >= @a AND c.answered_at < @b AND {StatColumns.AnsweredDoubt} AND t.region_l{level} IS NOT NULL
        ) facts
        GROUP BY region_id, day, category_id
        ON DUPLICATE KEY UPDATE {LevelUpdates}
        """;

    /// <summary>
    /// The days' old rows are zeroed rather than deleted, so the month rows of the keys the days USED to have are recomputed
    /// too; rows still zero once the days' facts are in are then removed (a real day row always counts something).
    /// </summary>
    private static readonly string ZeroDaySql =
        $"UPDATE stats_region_day SET {string.Join(", ", StatColumns.All.Select(c => $"{c} = 0"))} WHERE day >= @from AND day <= @to";

    private static readonly string DropZeroDaySql =
        $"DELETE FROM stats_region_day WHERE day >= @from AND day <= @to AND {string.Join(" AND ", StatColumns.All.Select(c => $"{c} = 0"))}";

    /// <summary>Regions per month-rollup statement: their month's day rows are read by one primary-key range each.</summary>
    internal int MonthRegions { get; init; } = 2_000;

    /// <summary>
    /// A month's rows of some regions, recomputed from their day rows (<c>region_id IN @ids</c> gives one (region, day)
    /// range each): bounded by the regions taken, however busy the month.
    /// </summary>
    private static readonly string MonthSql = $"""
        DELETE FROM stats_region_month WHERE region_id IN @ids AND day = @month;
        INSERT INTO stats_region_month (region_id, day, category_id, {StatColumns.List})
        SELECT region_id, @month, category_id, {StatColumns.Sums}
        FROM stats_region_day WHERE region_id IN @ids AND day >= @month AND day < @nextMonth
        GROUP BY region_id, category_id
        HAVING {string.Join(" OR ", StatColumns.All.Select(c => $"SUM({c}) <> 0"))};
        """;

    /// <summary>The month rows of every region for <paramref name="month"/>, a slice of regions per statement, in the caller's transaction.</summary>
    private async Task RebuildMonthAsync(MySqlConnection connection, MySqlTransaction tx, DateOnly month, CancellationToken ct)
    {
        var regions = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM regions ORDER BY id", transaction: tx, cancellationToken: ct, commandTimeout: ChunkTimeout))).AsList();
        for (var i = 0; i < regions.Count; i += MonthRegions)
        {
            var ids = regions.GetRange(i, Math.Min(MonthRegions, regions.Count - i));
            await connection.ExecuteAsync(new CommandDefinition(
                MonthSql, new { ids, month = Date(month), nextMonth = Date(month.AddMonths(1)) }, tx, cancellationToken: ct, commandTimeout: ChunkTimeout));
        }
    }

    /// <summary>
    /// Recomputes the days [<paramref name="from"/>, <paramref name="to"/>] (one month's) — and the month's rows when they
    /// end the month or the rebuild — and records them done, in one transaction.
    /// </summary>
    private async Task RebuildDaysAsync(MySqlConnection connection, DateOnly from, DateOnly to, DateOnly end, CancellationToken ct)
    {
        var a = UtcStartOf(from);
        var b = UtcStartOf(to.AddDays(1));
        var month = new DateOnly(from.Year, from.Month, 1);
        var args = new { from = Date(from), to = Date(to), a, b, month = Date(month), nextMonth = Date(month.AddMonths(1)) };
        await using var tx = await connection.BeginTransactionAsync(ct);
        // stats_topics first: a topic change meanwhile waits on its row and then applies its difference to the rebuilt rows.
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO stats_topics (topic_id, status, classification, reviewed_at, category_id)
            SELECT id, status, classification, reviewed_at, category_id FROM topics WHERE submitted_at >= @a AND submitted_at < @b
            ON DUPLICATE KEY UPDATE status = VALUES(status), classification = VALUES(classification), reviewed_at = VALUES(reviewed_at),
                                    category_id = VALUES(category_id);
            {ZeroDaySql};
            """,
            args, tx, cancellationToken: ct, commandTimeout: ChunkTimeout));
        foreach (var sql in LevelSql)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct, commandTimeout: ChunkTimeout));
        }

        await connection.ExecuteAsync(new CommandDefinition(DropZeroDaySql, args, tx, cancellationToken: ct, commandTimeout: ChunkTimeout));
        // The month's rows once its last rebuilt day is in (recomputing them with every chunk read the month's day rows
        // again and again: on the busiest month of the province each chunk took over ten seconds).
        if (to == end || to.AddDays(1).Day == 1)
        {
            await RebuildMonthAsync(connection, tx, month, ct);
        }

        await StatisticsRebuildState.DayDoneAsync(connection, tx, to.AddDays(1), end, clock.StoredNow(), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Open tasks are a current state, not a period: rebuilt whole, a range of task ids per transaction.</summary>
    private async Task<long> RebuildOpenTasksAsync(MySqlConnection connection, long? resumeAt, Action<string> report, TimeSpan every, CancellationToken ct)
    {
        if (resumeAt != long.MaxValue)
        {
            var (min, max) = await connection.QuerySingleAsync<(long? Min, long? Max)>(new CommandDefinition("SELECT MIN(id), MAX(id) FROM tasks", cancellationToken: ct));
            var chunks = min is null ? 1 : (max!.Value - min.Value) / TaskChunk + 1;
            var done = resumeAt is { } r && min is not null ? Math.Clamp((r - min.Value) / TaskChunk, 0, chunks) : 0;
            var progress = new JobProgress("rebuild-statistics, open tasks", chunks, done, report, every);
            // Chunk i covers [min + i·size, min + (i+1)·size); the first reaches down and the last up without bound.
            for (var lo = resumeAt ?? long.MinValue; lo != long.MaxValue;)
            {
                var floor = lo == long.MinValue ? min ?? 0 : lo;
                var hi = min is null || floor + TaskChunk > max ? long.MaxValue : floor + TaskChunk;
                await using (var tx = await connection.BeginTransactionAsync(ct))
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        $"""
                        DELETE FROM stats_open_tasks WHERE task_id >= @lo AND task_id < @hi;
                        INSERT INTO stats_open_tasks (task_id, topic_id, region_l1, region_l2, region_l3, region_l4, due_on)
                        {StatisticsRollup.OpenTasksSelect} AND k.id >= @lo AND k.id < @hi;
                        """,
                        new { lo, hi }, tx, cancellationToken: ct, commandTimeout: ChunkTimeout));
                    await StatisticsRebuildState.TasksDoneAsync(connection, tx, hi, clock.StoredNow(), ct);
                    await tx.CommitAsync(ct);
                }

                lo = hi;
                progress.Advance(1, hi == long.MaxValue ? "the last task ids" : string.Create(CultureInfo.InvariantCulture, $"task ids below {hi}"));
            }
        }

        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM stats_open_tasks", cancellationToken: ct, commandTimeout: ChunkTimeout));
    }

    /// <summary>The UTC instant a Beijing day starts.</summary>
    public static DateTime UtcStartOf(DateOnly day) => day.ToDateTime(TimeOnly.MinValue) - LocalDate.Offset;

    private static DateTime Date(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);
}
