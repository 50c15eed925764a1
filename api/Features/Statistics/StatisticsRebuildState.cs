using Dapper;
using MaShangYi.Api.Infrastructure.Time;
using MySqlConnector;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>
/// Where a statistics rebuild stands (table stats_rebuild, one row), written in the transaction of each chunk it
/// belongs to, so a rebuild that stopped resumes at the first chunk it had not committed.
/// </summary>
internal sealed record StatisticsRebuildState(DateOnly From, DateOnly To, string Phase, DateOnly NextDay, long? NextTaskId, bool Resumed)
{
    public const string Days = "days", OpenTasks = "open_tasks", Done = "done";

    private sealed record Row(DateTime RangeFrom, DateTime RangeTo, string Phase, DateTime NextDay, long? NextTaskId);

    /// <summary>
    /// Resumes the unfinished rebuild of the same period (or of a period it extends: the same first day, a later last day
    /// while days are still being rebuilt — "to today" after midnight), or starts a new one.
    /// </summary>
    public static async Task<StatisticsRebuildState> ResumeOrStartAsync(MySqlConnection connection, DateOnly from, DateOnly to, TimeProvider clock, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT range_from AS RangeFrom, range_to AS RangeTo, phase AS Phase, next_day AS NextDay, next_task_id AS NextTaskId FROM stats_rebuild WHERE id = 1",
            cancellationToken: ct));
        if (row is not null && row.Phase != Done && DateOnly.FromDateTime(row.RangeFrom) == from
            && (DateOnly.FromDateTime(row.RangeTo) == to || (row.Phase == Days && DateOnly.FromDateTime(row.RangeTo) < to)))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE stats_rebuild SET range_to = @to, updated_at = @now WHERE id = 1", new { to = Date(to), now = clock.StoredNow() }, cancellationToken: ct));
            return new StatisticsRebuildState(from, to, row.Phase, DateOnly.FromDateTime(row.NextDay), row.NextTaskId, true);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO stats_rebuild (id, range_from, range_to, phase, next_day, next_task_id, started_at, updated_at)
            VALUES (1, @from, @to, @phase, @from, NULL, @now, @now)
            ON DUPLICATE KEY UPDATE range_from = VALUES(range_from), range_to = VALUES(range_to), phase = VALUES(phase),
              next_day = VALUES(next_day), next_task_id = NULL, started_at = VALUES(started_at), updated_at = VALUES(updated_at)
            """,
            new { from = Date(from), to = Date(to), phase = Days, now = clock.StoredNow() }, cancellationToken: ct));
        return new StatisticsRebuildState(from, to, Days, from, null, false);
    }

    /// <summary>Records, in the chunk's transaction, that the days before <paramref name="nextDay"/> are rebuilt.</summary>
    public static Task DayDoneAsync(MySqlConnection connection, MySqlTransaction tx, DateOnly nextDay, DateOnly to, DateTime now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE stats_rebuild SET next_day = @nextDay, phase = @phase, updated_at = @now WHERE id = 1",
            new { nextDay = Date(nextDay), phase = nextDay > to ? OpenTasks : Days, now }, tx, cancellationToken: ct));

    /// <summary>Records, in the chunk's transaction, that the open tasks below <paramref name="nextTaskId"/> are rebuilt (<see cref="long.MaxValue"/>: all).</summary>
    public static Task TasksDoneAsync(MySqlConnection connection, MySqlTransaction tx, long nextTaskId, DateTime now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE stats_rebuild SET next_task_id = @nextTaskId, phase = @phase, updated_at = @now WHERE id = 1",
            new { nextTaskId, phase = nextTaskId == long.MaxValue ? Done : OpenTasks, now }, tx, cancellationToken: ct));

    private static DateTime Date(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);
}
