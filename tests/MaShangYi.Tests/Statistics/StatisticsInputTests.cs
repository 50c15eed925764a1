using System.Net;
using MaShangYi.Api.Features.Statistics;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Statistics;

/// <summary>Bad periods are 400 with field errors; an unknown region is 404; the period split is exact.</summary>
public sealed class StatisticsInputTests : ApiTest
{
    [TestCase("from=2026-03-01&to=2026-01-01", "from")]
    [TestCase("from=2020-01-01&to=2026-01-01", "to")]
    [TestCase("from=2026-13-01&to=2026-12-31", "from")]
    [TestCase("from=2026-01-01&to=yesterday", "to")]
    [TestCase("from=1999-12-31&to=2000-01-31", "from")]
    public async Task ABadPeriodIs400WithAFieldError(string query, string field)
    {
        await SeedDemoCityAsync();
        var id = await RegionIdAsync("320800");

        foreach (var format in new[] { "statistics", "statistics.csv", "statistics.xlsx" })
        {
            var problem = await AssertProblemAsync(await Anonymous.GetAsync($"/api/regions/{id}/{format}?{query}"), HttpStatusCode.BadRequest, "validation_failed");
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }), format);
        }
    }

    [Test]
    public async Task AnUnknownRegionIs404InEveryFormat()
    {
        foreach (var format in new[] { "statistics", "statistics.csv", "statistics.xlsx" })
        {
            await AssertProblemAsync(await Anonymous.GetAsync($"/api/regions/999999/{format}?from=2026-01-01&to=2026-01-31"), HttpStatusCode.NotFound, "region_not_found");
        }
    }

    [Test]
    public async Task WithoutAPeriodTheYearSoFarIsReported()
    {
        await SeedDemoCityAsync();
        var report = await ReadJsonAsync(await Anonymous.GetAsync($"/api/regions/{await RegionIdAsync("320800")}/statistics"));
        var today = MaShangYi.Api.Infrastructure.Time.LocalDate.Today(Api.Clock);

        Assert.That(report["to"]!.GetValue<string>(), Is.EqualTo(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(report["from"]!.GetValue<string>(), Is.EqualTo($"{today.Year}-01-01"));
    }

    [Test]
    public void APeriodSplitsIntoWholeMonthsAndTheDaysAtEitherEnd()
    {
        var (m1, m2, d1, d2, d3, d4) = StatisticsQueries.Split(new DateOnly(2026, 1, 15), new DateOnly(2026, 4, 10));
        var (n1, n2, e1, e2, _, _) = StatisticsQueries.Split(new DateOnly(2026, 2, 3), new DateOnly(2026, 2, 20));
        var (w1, w2, _, _, _, _) = StatisticsQueries.Split(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

        Assert.That((m1, m2), Is.EqualTo((new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1))));
        Assert.That((d1, d2, d3, d4), Is.EqualTo((new DateOnly(2026, 1, 15), new DateOnly(2026, 1, 31), new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 10))));
        Assert.That(n1, Is.GreaterThan(n2), "no whole month inside");
        Assert.That((e1, e2), Is.EqualTo((new DateOnly(2026, 2, 3), new DateOnly(2026, 2, 20))));
        Assert.That((w1, w2), Is.EqualTo((new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 1))));
    }

    [Test]
    public void APartialMonthIsItsMonthLessTheDaysOutsideWhenThoseAreFewer()
    {
        // A trailing year from the 6th: December's month row less its first five days, then five days of the next December.
        var year = StatisticsQueries.Plan(new DateOnly(2025, 12, 6), new DateOnly(2026, 12, 5));
        Assert.That((year.M1, year.M2), Is.EqualTo((new DateOnly(2025, 12, 1), new DateOnly(2026, 11, 1))));
        Assert.That((year.S1, year.S2), Is.EqualTo((new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 5))));
        Assert.That((year.A3, year.A4), Is.EqualTo((new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 5))));
        Assert.That(year.A1, Is.GreaterThan(year.A2), "no days added at the start");
        Assert.That(year.S3, Is.GreaterThan(year.S4), "nothing taken away at the end");
    }

    [Test]
    public void EveryPlanCoversExactlyTheDaysOfItsPeriodAndReadsAtMostHalfOfEachPartialMonth()
    {
        var random = new Random(7);
        var start = new DateOnly(2024, 1, 1);
        for (var n = 0; n < 3000; n++)
        {
            var from = start.AddDays(random.Next(900));
            var to = from.AddDays(random.Next(n % 3 == 0 ? 40 : 800));
            var plan = StatisticsQueries.Plan(from, to);
            var covered = new Dictionary<DateOnly, int>();
            void Add(DateOnly a, DateOnly b, int sign)
            {
                for (var d = a; d <= b; d = d.AddDays(1))
                {
                    covered[d] = covered.GetValueOrDefault(d) + sign;
                }
            }

            for (var m = plan.M1; m <= plan.M2; m = m.AddMonths(1))
            {
                Assert.That(m.Day, Is.EqualTo(1));
                Add(m, m.AddMonths(1).AddDays(-1), 1);
            }

            Add(plan.A1, plan.A2, 1);
            Add(plan.A3, plan.A4, 1);
            Add(plan.S1, plan.S2, -1);
            Add(plan.S3, plan.S4, -1);
            var days = covered.Where(kv => kv.Value != 0).ToList();
            Assert.That(days.All(kv => kv.Value == 1), $"{from}..{to}: each day once");
            Assert.That(days.Select(kv => kv.Key).Order(), Is.EqualTo(Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays)), $"{from}..{to}");
            var dayRows = Span(plan.A1, plan.A2) + Span(plan.A3, plan.A4) + Span(plan.S1, plan.S2) + Span(plan.S3, plan.S4);
            Assert.That(dayRows, Is.LessThanOrEqualTo(32), $"{from}..{to}: at most about half a month of day rows at each end");
        }

        static int Span(DateOnly a, DateOnly b) => a > b ? 0 : b.DayNumber - a.DayNumber + 1;
    }
}
