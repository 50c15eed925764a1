using System.Globalization;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Statistics;

/// <summary>The figures of GET /api/regions/{id}/statistics on a known dataset, the region and each child region.</summary>
public sealed class StatisticsFigureTests : StatisticsTest
{
    [Test]
    public async Task TheCityFiguresCountEveryTopicEvaluationAndMeetingUnderIt()
    {
        await BuildDatasetAsync();

        var report = await StatisticsAsync(CityCode);
        var totals = report["totals"];

        Assert.That(report["region"]!["code"]!.GetValue<string>(), Is.EqualTo(CityCode));
        Assert.That(Count(totals, "submitted"), Is.EqualTo(8));
        Assert.That(Count(totals, "reviewed"), Is.EqualTo(7));
        Assert.That(Rate(totals, "responseRate"), Is.EqualTo(0.875), "reviewed (7), not accepted (6), of submitted (8)");
        Assert.That(Count(totals, "accepted"), Is.EqualTo(6), "every classified topic; not the rejected one");
        Assert.That(Count(totals, "closed"), Is.EqualTo(4));
        Assert.That(Count(totals, "closedA"), Is.EqualTo(1), "closed as A: not the closed B and Cs, not the open A");
        Assert.That(Rate(totals, "resolutionRate"), Is.EqualTo(0.1667), "closed A (1) of accepted (6)");
        Assert.That(Count(totals, "classA"), Is.EqualTo(2));
        Assert.That(Count(totals, "classB"), Is.EqualTo(1));
        Assert.That(Count(totals, "classC"), Is.EqualTo(3));
        Assert.That(Count(totals, "evaluations"), Is.EqualTo(3));
        Assert.That(Count(totals, "satisfied"), Is.EqualTo(1));
        Assert.That(Rate(totals, "satisfactionRate"), Is.EqualTo(0.3333), "satisfied (1), not solved (2), of every evaluation (3)");
        Assert.That(Count(totals, "proposerEvaluations"), Is.EqualTo(1));
        Assert.That(Count(totals, "proposerSatisfied"), Is.Zero, "the proposer found it solved but is not satisfied");
        Assert.That(Rate(totals, "proposerSatisfactionRate"), Is.EqualTo(0.0));
        Assert.That(Count(totals, "meetingsHeld"), Is.EqualTo(1));
        Assert.That(Count(totals, "overdueTasks"), Is.EqualTo(0));
    }

    [Test]
    public async Task ResponseTimesAreHoursFromSubmissionToTheFirstReviewDecision()
    {
        await BuildDatasetAsync();
        var expectedAverage = await ScalarAsync<double>(
            "SELECT ROUND(AVG(TIMESTAMPDIFF(SECOND, submitted_at, reviewed_at)) / 3600, 1) FROM topics WHERE reviewed_at IS NOT NULL");

        var totals = (await StatisticsAsync(CityCode))["totals"];

        Assert.That(totals!["averageResponseHours"]!.GetValue<double>(), Is.EqualTo(expectedAverage).Within(0.051));
        Assert.That(expectedAverage, Is.GreaterThan(0.25), "one of seven was reviewed after over two hours");
        Assert.That(Count(totals, "medianResponseHours"), Is.EqualTo(1), "six of seven were reviewed within the hour");
        Assert.That(Count(totals, "p90ResponseHours"), Is.EqualTo(4), "the seventh between 2 and 4 hours");
    }

    [Test]
    public async Task TopicsAreCountedByStageStatusAndCategory()
    {
        await BuildDatasetAsync();

        var report = await StatisticsAsync(CityCode);
        var byStatus = report["byStatus"]!.AsArray().ToDictionary(s => s!["status"]!.GetValue<string>(), s => s!["count"]!.GetValue<long>());
        var byStage = report["totals"]!["byStage"]!.AsArray().Select(s => s!["count"]!.GetValue<long>()).ToArray();
        var category = report["byCategory"]!.AsArray().Single(c => c!["categoryId"]!.GetValue<long>() == CategoryIdAsync().Result)!;

        Assert.That(byStatus.Where(s => s.Value > 0), Is.EquivalentTo(new Dictionary<string, long>
        {
            ["submitted"] = 1, ["rejected"] = 1, ["announced"] = 2, ["closed"] = 4,
        }));
        Assert.That(byStage, Is.EqualTo(new long[] { 2, 2, 0, 4 }));
        Assert.That(report["byStatus"]!.AsArray().First(s => s!["status"]!.GetValue<string>() == "closed")!["name"]!.GetValue<string>(), Is.EqualTo("已办完"));
        Assert.That(Count(category, "submitted"), Is.EqualTo(8));
        Assert.That(Count(category, "accepted"), Is.EqualTo(6));
        Assert.That(Count(category, "closedA"), Is.EqualTo(1));
        Assert.That(Rate(category, "resolutionRate"), Is.EqualTo(0.1667));
        Assert.That(Count(category, "evaluations"), Is.EqualTo(3));
        Assert.That(Count(category, "satisfied"), Is.EqualTo(1));
        Assert.That(report["byCategory"]!.AsArray().Sum(c => Count(c, "submitted")), Is.EqualTo(8));
    }

    [Test]
    public async Task EachChildRegionHasItsOwnFiguresForComparison()
    {
        await BuildDatasetAsync();

        var city = await StatisticsAsync(CityCode);
        var county = await StatisticsAsync(CountyCode);

        Assert.That(city["children"]!.AsArray().Select(c => c!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "320803", "320804", "320812" }));
        Assert.That(Count(Child(city, "320812"), "submitted"), Is.EqualTo(7));
        Assert.That(Count(Child(city, "320812"), "reviewed"), Is.EqualTo(6));
        Assert.That(Count(Child(city, "320812"), "meetingsHeld"), Is.EqualTo(1));
        Assert.That(Count(Child(city, "320812"), "doubtsAnswered"), Is.EqualTo(2), "two doubts answered, one corrected; the answered suggestion is no doubt");
        Assert.That(Count(Child(city, "320803"), "doubtsAnswered"), Is.Zero);
        Assert.That(Count(Child(city, "320812"), "closed"), Is.EqualTo(4));
        Assert.That(Count(Child(city, "320812"), "closedA"), Is.EqualTo(1));
        Assert.That(Rate(Child(city, "320812"), "resolutionRate"), Is.EqualTo(0.2));
        Assert.That(new[] { "classA", "classB", "classC" }.Select(c => Count(Child(city, "320812"), c)), Is.EqualTo(new long[] { 1, 1, 3 }));
        Assert.That(Count(Child(city, "320803"), "submitted"), Is.EqualTo(1));
        Assert.That(Rate(Child(city, "320803"), "responseRate"), Is.EqualTo(1.0));
        Assert.That(Count(Child(city, "320803"), "classA"), Is.EqualTo(1));
        Assert.That(Count(Child(city, "320803"), "closedA"), Is.Zero, "class A but not closed");
        Assert.That(Rate(Child(city, "320803"), "resolutionRate"), Is.EqualTo(0.0));
        Assert.That(Count(Child(city, "320804"), "submitted"), Is.EqualTo(0));
        Assert.That(Rate(Child(city, "320804"), "responseRate"), Is.Null, "no topics: no rate, rather than 0%");
        Assert.That(county["totals"]!.ToJsonString(), Is.EqualTo(Child(city, "320812").ToJsonString()), "the county's own totals equal its row in the city's comparison");
        Assert.That(Count(Child(county, "320812001"), "submitted"), Is.EqualTo(7));
        Assert.That(Count(Child(county, "320812001"), "evaluations"), Is.EqualTo(3));
    }

    [Test]
    public async Task AnEmptyRegionGivesZerosAndNoRates()
    {
        var report = await StatisticsAsync("320804101");

        Assert.That(Count(report["totals"], "submitted"), Is.EqualTo(0));
        Assert.That(Count(report["totals"], "meetingsHeld"), Is.EqualTo(0));
        Assert.That(Count(report["totals"], "overdueTasks"), Is.EqualTo(0));
        Assert.That(Rate(report["totals"], "satisfactionRate"), Is.Null);
        Assert.That(report["totals"]!["medianResponseHours"], Is.Null);
        Assert.That(report["children"]!.AsArray().All(c => Count(c!["figures"], "submitted") == 0), Is.True);
    }

    [Test]
    public async Task OverdueTasksAreOpenTasksPastTheirDueDateAsOfToday()
    {
        await LoginWithRoleAsync("implementer", Roles.Implementer, CountyCode, Unit);
        var id = await AnnouncedTopicAsync();
        await ExecuteAsync("UPDATE topics SET status = 'resolution_published' WHERE id = @id", new { id });
        var withTask = await ActAsync(RoomAdmin, id, "tasks", new { title = "更换路灯", leadPerson = "李工", unit = Unit, dueOn = Today() });
        var taskId = withTask["tasks"]!.AsArray().Single()!["id"]!.GetValue<long>();
        Assert.That(Count((await StatisticsAsync(CityCode))["totals"], "overdueTasks"), Is.EqualTo(0), "due today: not overdue yet");

        PastBeijingMidnight();
        var city = await StatisticsAsync(CityCode);
        var village = await StatisticsAsync(VillageCode);
        var province = await ReadJsonAsync(await Anonymous.GetAsync($"/api/statistics?{Period}"));
        var (implementer, _) = await LoginAsync("implementer");
        await ActAsync(implementer, id, $"tasks/{taskId}/progress", new { progress = 100, note = "已更换完毕" });
        var after = await StatisticsAsync(CityCode);

        Assert.That(Count(city["totals"], "overdueTasks"), Is.EqualTo(1));
        Assert.That(Count(Child(city, CountyCode), "overdueTasks"), Is.EqualTo(1));
        Assert.That(Count(Child(city, "320803"), "overdueTasks"), Is.EqualTo(0));
        Assert.That(Count(village["totals"], "overdueTasks"), Is.EqualTo(1));
        Assert.That(Count(province["totals"], "overdueTasks"), Is.EqualTo(1));
        Assert.That(Count(Child(province, CityCode), "overdueTasks"), Is.EqualTo(1));
        Assert.That(Count(after["totals"], "overdueTasks"), Is.EqualTo(0), "done tasks are not overdue");
    }

    [Test]
    public async Task PeriodsAreBeijingDaysAndWholeMonthsAddUpWithTheirEdges()
    {
        // Move to 23:59 Beijing time (15:59 UTC), submit, then cross midnight and submit again.
        var now = Api.Clock.GetUtcNow();
        var target = new DateTimeOffset(now.Year, now.Month, now.Day, 15, 59, 0, TimeSpan.Zero);
        Api.Clock.Advance((target > now ? target : target.AddDays(1)) - now);
        var (resident, _) = await LoginAsync("resident");
        var before = Today();
        await SubmitAsync(resident, title: "午夜前的议题");
        Api.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = Today();
        await SubmitAsync(resident, title: "午夜后的议题");
        var firstOfMonth = DateOnly.Parse(before, CultureInfo.InvariantCulture).AddMonths(-2);
        var wide = $"from={firstOfMonth.Year:D4}-{firstOfMonth.Month:D2}-01&to={DateOnly.Parse(after, CultureInfo.InvariantCulture).AddDays(40):yyyy-MM-dd}";

        Assert.That(after, Is.Not.EqualTo(before));
        Assert.That(Count((await StatisticsAsync(CityCode, $"from={before}&to={before}"))["totals"], "submitted"), Is.EqualTo(1));
        Assert.That(Count((await StatisticsAsync(CityCode, $"from={after}&to={after}"))["totals"], "submitted"), Is.EqualTo(1));
        Assert.That(Count((await StatisticsAsync(CityCode, $"from={before}&to={after}"))["totals"], "submitted"), Is.EqualTo(2));
        Assert.That(Count((await StatisticsAsync(CityCode, wide))["totals"], "submitted"), Is.EqualTo(2), "whole months from the month rollup, the edges from the day rollup");
    }
}
