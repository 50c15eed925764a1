using System.Globalization;
using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Caching;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Time;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using static MaShangYi.Api.Features.Statistics.StatisticsEndpoints;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>The figures a leader puts on a slide: the monthly trend (public, like the statistics) and overdue tasks by unit (staff).</summary>
public static class StatisticsTrendEndpoints
{
    /// <summary>One month: topics submitted in it (and of those, accepted and resolved), and the evaluations given in it.</summary>
    public sealed record TrendMonth(string Month, long Submitted, long Accepted, long Resolved, long Satisfied, long Evaluated);

    public sealed record Trend(IReadOnlyList<TrendMonth> Months);

    public sealed record UnitLoad(string Unit, long Overdue, long Open);

    public sealed record UnitLoads(IReadOnlyList<UnitLoad> Items);

    public static IEndpointRouteBuilder MapStatisticsTrendEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/regions/{id:long}/statistics").WithTags("Statistics").WithValidation();
        group.MapGet("/trend", TrendOf)
            .CacheOutput(PublicCache.Statistics)
            .WithSummary("A region subtree's figures month by month over a period (from, to: Beijing dates), for charts (public)")
            .WithDescription("submitted, accepted and resolved (closed as A) count the topics submitted in the month as they stand now; satisfied and evaluated count the evaluations given in the month. Every month of the period is listed, empty ones with zeros.")
            .ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/overdue-by-unit", OverdueByUnit)
            .RequireAuthorization()
            .WithSummary("Open implementation tasks in a region's subtree by unit, with how many are past due today (staff of that region)")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private sealed class MonthRow
    {
        public DateTime Month { get; init; }
        public long Submitted { get; init; }
        public long Accepted { get; init; }
        public long Resolved { get; init; }
        public long Satisfied { get; init; }
        public long Evaluated { get; init; }
    }

    private const string Sums = "CAST(SUM(submitted) AS SIGNED) AS Submitted, CAST(SUM(accepted) AS SIGNED) AS Accepted, CAST(SUM(closed_a) AS SIGNED) AS Resolved, CAST(SUM(satisfied) AS SIGNED) AS Satisfied, CAST(SUM(evaluations) AS SIGNED) AS Evaluated";

    // Whole months from the month rollup, the ragged ends from the day rollup, as the statistics read them.
    private static readonly string TrendSql = $"""
        SELECT month AS Month, {Sums} FROM (
            SELECT day AS month, submitted, accepted, closed_a, satisfied, evaluations FROM stats_region_month
            WHERE region_id = @id AND day >= @m1 AND day <= @m2
            UNION ALL
            SELECT DATE_SUB(day, INTERVAL DAYOFMONTH(day) - 1 DAY), submitted, accepted, closed_a, satisfied, evaluations FROM stats_region_day
            WHERE region_id = @id AND ((day >= @d1 AND day <= @d2) OR (day >= @d3 AND day <= @d4))
        ) x
        GROUP BY month
        """;

    private static async Task<Results<Ok<Trend>, ProblemHttpResult>> TrendOf(
        long id, [AsParameters] PeriodQuery period, Reads reads, TimeProvider clock, CancellationToken ct)
    {
        var (from, to) = period.Resolve(clock.Today());
        var (m1, m2, d1, d2, d3, d4) = StatisticsQueries.Split(from, to);
        // One round trip: whether the region exists, with its months.
        var (exists, rows) = await reads.RunAsync(async connection =>
        {
            await using var read = await connection.QueryResultsAsync(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM regions WHERE id = @id);\n" + TrendSql,
                new { id, m1 = Date(m1), m2 = Date(m2), d1 = Date(d1), d2 = Date(d2), d3 = Date(d3), d4 = Date(d4) }, cancellationToken: ct));
            return (await read.ReadSingleAsync<bool>(), (await read.ReadAsync<MonthRow>()).ToDictionary(r => DateOnly.FromDateTime(r.Month)));
        }, ct);
        if (!exists)
        {
            return ApiProblem.NotFound("region_not_found", "区域不存在。");
        }

        var months = new List<TrendMonth>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var label = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            months.Add(rows.TryGetValue(month, out var r)
                ? new TrendMonth(label, r.Submitted, r.Accepted, r.Resolved, r.Satisfied, r.Evaluated)
                : new TrendMonth(label, 0, 0, 0, 0, 0));
        }

        return TypedResults.Ok(new Trend(months));
    }

    private static async Task<Results<Ok<UnitLoads>, ProblemHttpResult>> OverdueByUnit(
        long id, CallerAccessor callers, Reads reads, TimeProvider clock, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        var region = await reads.RunAsync(connection => RegionQueries.FindAsync(connection, id, ct), ct);
        if (region is null)
        {
            return ApiProblem.NotFound("region_not_found", "区域不存在。");
        }

        if (!caller.Grants.Any(g => region.Path.StartsWith(g.Path, StringComparison.Ordinal)))
        {
            return ApiProblem.Forbidden("只有该区域的工作人员可以查看各单位的任务逾期情况。");
        }

        // The column comes from the region's level (1–4), never from input.
        var rows = await reads.RunAsync(connection => connection.QueryAsync<UnitLoad>(new CommandDefinition(
            string.Create(CultureInfo.InvariantCulture, $"""
                SELECT k.unit AS Unit, CAST(SUM(o.due_on < @today) AS SIGNED) AS Overdue, COUNT(*) AS `Open`
                FROM stats_open_tasks o JOIN tasks k ON k.id = o.task_id
                WHERE o.region_l{Math.Clamp(region.Level, RegionLevels.City, RegionLevels.Village)} = @id
                GROUP BY k.unit
                ORDER BY Overdue DESC, `Open` DESC, k.unit
                """),
            new { id, today = Date(clock.Today()) }, cancellationToken: ct)), ct);
        return TypedResults.Ok(new UnitLoads(rows.AsList()));
    }

    private static DateTime Date(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);
}
