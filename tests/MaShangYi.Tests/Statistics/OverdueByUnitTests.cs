using System.Net;
using MaShangYi.Tests.Topics;

namespace MaShangYi.Tests.Statistics;

public sealed class OverdueByUnitTests : ImplementationTest
{
    private static async Task<string> UnitsAsync(HttpClient client, string regionCode)
    {
        var response = await client.GetAsync($"/api/regions/{await RegionIdAsync(regionCode)}/statistics/overdue-by-unit");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return string.Join(" ", (await ReadJsonAsync(response))["items"]!.AsArray()
            .Select(i => $"{i!["unit"]!.GetValue<string>()}:{i["overdue"]!.GetValue<long>()}/{i["open"]!.GetValue<long>()}"));
    }

    [Test]
    public async Task StaffOfTheRegionSeeOpenTasksByUnitAndHowManyArePastDue()
    {
        var (first, _) = await ImplementingTopicAsync();
        await AddTaskAsync(first, OtherUnit, dueInDays: 1, title: "清理线路");
        var (second, done) = await ImplementingTopicAsync();
        await AddTaskAsync(second, OtherUnit, dueInDays: 20, title: "加装路灯");
        await ReportOkAsync(Implementer, second, done, 100);

        Api.Clock.Advance(TimeSpan.FromDays(3));
        var (cityAdmin, _) = await LoginAsync("city-admin");
        var (implementer, _) = await LoginAsync("implementer");

        Assert.That(await UnitsAsync(cityAdmin, "320812"), Is.EqualTo("城管局:1/2 住建局:0/1"), "a finished task is not open");
        Assert.That(await UnitsAsync(implementer, TownCode), Is.EqualTo("城管局:1/2 住建局:0/1"));
        Assert.That(await UnitsAsync(cityAdmin, OtherCountyCode), Is.Empty);
    }

    [Test]
    public async Task PeopleWithoutARoleOverTheRegionAreRefused()
    {
        var (resident, _) = await LoginAsync("someone");
        var (cityAdmin, _) = await LoginAsync("city-admin");

        await AssertProblemAsync(await Implementer.GetAsync($"/api/regions/{await RegionIdAsync("320812")}/statistics/overdue-by-unit"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await resident.GetAsync($"/api/regions/{await RegionIdAsync(TownCode)}/statistics/overdue-by-unit"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await Anonymous.GetAsync($"/api/regions/{await RegionIdAsync(TownCode)}/statistics/overdue-by-unit"), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await cityAdmin.GetAsync("/api/regions/999999/statistics/overdue-by-unit"), HttpStatusCode.NotFound, "region_not_found");
    }
}
