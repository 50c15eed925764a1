using System.Globalization;
using FluentValidation;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Time;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>Public supervision (公开监督): a region subtree's figures for a period, as JSON, CSV or xlsx. Aggregates only, no personal data, so public.</summary>
public static class StatisticsEndpoints
{
    /// <summary>Beijing dates <c>yyyy-MM-dd</c>; to defaults to today, from to the first of January of to's year.</summary>
    public sealed record PeriodQuery(string? From, string? To)
    {
        public (DateOnly From, DateOnly To) Resolve(DateOnly today)
        {
            var to = Parse(To) ?? today;
            return (Parse(From) ?? new DateOnly(to.Year, 1, 1), to);
        }
    }

    public const int MaxYears = 3;

    public static IEndpointRouteBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/regions/{id:long}").WithTags("Statistics").WithValidation().CacheOutput(Infrastructure.Caching.PublicCache.Statistics);
        group.MapGet("/statistics", Json)
            .WithSummary("A region subtree's figures for a period (from, to: Beijing dates), and the same for each child region (public)")
            .WithDescription("Response, resolution and satisfaction rates, topics by stage, status and category, A/B/C, meetings held, overdue tasks as of today. Definitions in the README.")
            .ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/statistics.csv", Csv)
            .WithSummary("The same figures as CSV (UTF-8 with BOM, Chinese headers): the region, then one row per child region (public)")
            .ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/statistics.xlsx", Xlsx)
            .WithSummary("The same figures as an Excel workbook: the region, then one row per child region (public)")
            .ProducesProblem(400).ProducesProblem(404);

        // The deployment is one province whose roots are its cities: its figures are every city's, with the cities as children.
        var province = app.MapGroup("/api").WithTags("Statistics").WithValidation().CacheOutput(Infrastructure.Caching.PublicCache.Statistics);
        province.MapGet("/statistics", ProvinceJson)
            .WithSummary("The whole province's figures for a period (from, to: Beijing dates), and the same for each city (public)")
            .WithDescription("The same shape as a region's statistics; the region is the province (code \"province\", level 0).")
            .ProducesProblem(400);
        province.MapGet("/statistics.csv", ProvinceCsv).WithSummary("The province's figures as CSV: the province, then one row per city (public)").ProducesProblem(400);
        province.MapGet("/statistics.xlsx", ProvinceXlsx).WithSummary("The province's figures as an Excel workbook: the province, then one row per city (public)").ProducesProblem(400);
        app.MapStatisticsTrendEndpoints();
        return app;
    }

    private static async Task<Ok<StatisticsReport>> ProvinceJson([AsParameters] PeriodQuery period, StatisticsQueries queries, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ProvinceAsync(period, queries, clock, ct));

    private static async Task<FileContentHttpResult> ProvinceCsv([AsParameters] PeriodQuery period, StatisticsQueries queries, TimeProvider clock, CancellationToken ct) =>
        File(await ProvinceAsync(period, queries, clock, ct), "csv", "text/csv; charset=utf-8", StatisticsExport.Csv);

    private static async Task<FileContentHttpResult> ProvinceXlsx([AsParameters] PeriodQuery period, StatisticsQueries queries, TimeProvider clock, CancellationToken ct) =>
        File(await ProvinceAsync(period, queries, clock, ct), "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", StatisticsExport.Xlsx);

    private static Task<StatisticsReport> ProvinceAsync(PeriodQuery period, StatisticsQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var (from, to) = period.Resolve(clock.Today());
        return queries.ProvinceReportAsync(from, to, ct);
    }

    private static async Task<Results<Ok<StatisticsReport>, ProblemHttpResult>> Json(
        long id, [AsParameters] PeriodQuery period, StatisticsQueries queries, TimeProvider clock, CancellationToken ct) =>
        await ReportAsync(id, period, queries, clock, ct) is { } report ? TypedResults.Ok(report) : RegionNotFound();

    private static Task<Results<FileContentHttpResult, ProblemHttpResult>> Csv(
        long id, [AsParameters] PeriodQuery period, StatisticsQueries queries, TimeProvider clock, CancellationToken ct) =>
        FileAsync(id, period, queries, clock, "csv", "text/csv; charset=utf-8", StatisticsExport.Csv, ct);

    private static Task<Results<FileContentHttpResult, ProblemHttpResult>> Xlsx(
        long id, [AsParameters] PeriodQuery period, StatisticsQueries queries, TimeProvider clock, CancellationToken ct) =>
        FileAsync(id, period, queries, clock, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", StatisticsExport.Xlsx, ct);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FileAsync(
        long id, PeriodQuery period, StatisticsQueries queries, TimeProvider clock, string extension, string contentType,
        Func<StatisticsReport, byte[]> render, CancellationToken ct)
    {
        if (await ReportAsync(id, period, queries, clock, ct) is not { } report)
        {
            return RegionNotFound();
        }

        return File(report, extension, contentType, render);
    }

    private static FileContentHttpResult File(StatisticsReport report, string extension, string contentType, Func<StatisticsReport, byte[]> render)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"statistics-{report.Region.Code}-{report.From:yyyyMMdd}-{report.To:yyyyMMdd}.{extension}");
        return TypedResults.File(render(report), contentType, name);
    }

    private static Task<StatisticsReport?> ReportAsync(long id, PeriodQuery period, StatisticsQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var (from, to) = period.Resolve(clock.Today());
        return queries.ReportAsync(id, from, to, ct);
    }

    private static ProblemHttpResult RegionNotFound() => ApiProblem.NotFound("region_not_found", "区域不存在。");

    // Years are bounded so that period arithmetic never leaves the calendar, whatever is typed.
    private static DateOnly? Parse(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and <= 2099 ? day : null;

    internal sealed class PeriodValidator : AbstractValidator<PeriodQuery>
    {
        public PeriodValidator(TimeProvider clock)
        {
            RuleFor(x => x.From).Must(v => v is null || Parse(v) is not null).WithMessage("起始日期应为 2000 年以后的日期，格式 yyyy-MM-dd，如 2026-01-01。");
            RuleFor(x => x.To).Must(v => v is null || Parse(v) is not null).WithMessage("截止日期应为 2000 年以后的日期，格式 yyyy-MM-dd，如 2026-03-31。");
            RuleFor(x => x).Must(p => p.Resolve(clock.Today()) is var (from, to) && from <= to)
                .When(p => (p.From is null || Parse(p.From) is not null) && (p.To is null || Parse(p.To) is not null))
                .OverridePropertyName("from").WithMessage("起始日期不能晚于截止日期。");
            RuleFor(x => x).Must(p => p.Resolve(clock.Today()) is var (from, to) && to < from.AddYears(MaxYears))
                .When(p => (p.From is null || Parse(p.From) is not null) && (p.To is null || Parse(p.To) is not null))
                .OverridePropertyName("to").WithMessage($"统计区间不超过 {MaxYears} 年。");
        }
    }
}
