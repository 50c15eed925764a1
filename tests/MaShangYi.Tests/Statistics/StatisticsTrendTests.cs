using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace MaShangYi.Tests.Statistics;

public sealed class StatisticsTrendTests : StatisticsTest
{
    private async Task<JsonArray> MonthsAsync(string regionCode, string query)
    {
        var response = await Anonymous.GetAsync($"/api/regions/{await RegionIdAsync(regionCode)}/statistics/trend?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["months"]!.AsArray();
    }

    private static long Sum(JsonArray months, string name) => months.Sum(m => m![name]!.GetValue<long>());

    [TestCase(CityCode)]
    [TestCase(CountyCode)]
    public async Task TheMonthlyTrendAddsUpToThePeriodsFigures(string regionCode)
    {
        await BuildDatasetAsync();
        var today = DateOnly.ParseExact(Today(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        // A year of whole months, and a period with ragged ends (read from the day rollup).
        foreach (var query in new[] { $"from={today.Year - 1}-12-01&to={today.Year}-12-31", Period })
        {
            var months = await MonthsAsync(regionCode, query);
            var totals = (await StatisticsAsync(regionCode, query))["totals"]!;

            Assert.That(Sum(months, "submitted"), Is.EqualTo(Count(totals, "submitted")).And.GreaterThan(0), query);
            Assert.That(Sum(months, "accepted"), Is.EqualTo(Count(totals, "accepted")), query);
            Assert.That(Sum(months, "resolved"), Is.EqualTo(Count(totals, "closedA")), query);
            Assert.That(Sum(months, "evaluated"), Is.EqualTo(Count(totals, "evaluations")), query);
            Assert.That(Sum(months, "satisfied"), Is.EqualTo(Count(totals, "satisfied")), query);
        }
    }

    [Test]
    public async Task EveryMonthOfThePeriodIsListedEmptyOnesWithZeros()
    {
        await BuildDatasetAsync();
        var today = DateOnly.ParseExact(Today(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from = new DateOnly(today.Year - 1, today.Month, 15);

        var months = await MonthsAsync(CityCode, $"from={from:yyyy-MM-dd}&to={today:yyyy-MM-dd}");

        var expected = Enumerable.Range(0, 13).Select(i => from.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture));
        Assert.That(months.Select(m => m!["month"]!.GetValue<string>()), Is.EqualTo(expected));
        // The data set takes two hours of the test clock: it may cross into a new month, never two.
        Assert.That(months.Take(11).Select(m => m!["submitted"]!.GetValue<long>()), Is.All.EqualTo(0L), "nothing in the months before");
        Assert.That(Sum(new JsonArray(months[11]!.DeepClone(), months[12]!.DeepClone()), "submitted"), Is.EqualTo(8), "every topic of the data set");
    }

    [Test]
    public async Task ABadPeriodIs400AndAnUnknownRegionIs404()
    {
        var problem = await AssertProblemAsync(
            await Anonymous.GetAsync($"/api/regions/{await RegionIdAsync(CityCode)}/statistics/trend?from=2026-13-01"), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "from" }));
        await AssertProblemAsync(await Anonymous.GetAsync("/api/regions/999999/statistics/trend"), HttpStatusCode.NotFound, "region_not_found");
    }
}
