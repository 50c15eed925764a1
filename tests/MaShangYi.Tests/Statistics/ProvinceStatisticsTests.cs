using System.Net;
using System.Text;
using MaShangYi.Api.Commands;
using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.Statistics;

/// <summary>GET /api/statistics: the whole province (every city together) in the shape of a region's statistics, cities as children.</summary>
public sealed class ProvinceStatisticsTests : StatisticsTest
{
    private const string OtherCity = "320100";

    private async Task BuildTwoCitiesAsync()
    {
        await BuildDatasetAsync();
        using var scope = Api.Services.CreateScope();
        await AdminCommands.BootstrapAdminAsync(scope.ServiceProvider, SimulatedWeChatClient.OpenIdFor("nanjing-admin"), OtherCity, "南京市");
    }

    [Test]
    public async Task TheProvinceFiguresAreEveryCitysTogetherWithTheCitiesAsChildren()
    {
        await BuildTwoCitiesAsync();
        var city = await StatisticsAsync(CityCode);

        var response = await Anonymous.GetAsync($"/api/statistics?{Period}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var province = await ReadJsonAsync(response);

        Assert.That(province["region"]!["code"]!.GetValue<string>(), Is.EqualTo("province"));
        Assert.That(province["region"]!["level"]!.GetValue<int>(), Is.Zero);
        Assert.That(province["children"]!.AsArray().Select(c => c!["code"]!.GetValue<string>()), Is.EqualTo(new[] { OtherCity, CityCode }));
        Assert.That(province["totals"]!.ToJsonString(), Is.EqualTo(city["totals"]!.ToJsonString()), "the other city has no topics yet");
        Assert.That(province["byStatus"]!.ToJsonString(), Is.EqualTo(city["byStatus"]!.ToJsonString()));
        Assert.That(province["byCategory"]!.ToJsonString(), Is.EqualTo(city["byCategory"]!.ToJsonString()));
        Assert.That(Child(province, CityCode).ToJsonString(), Is.EqualTo(city["totals"]!.ToJsonString()));
        Assert.That(Count(Child(province, OtherCity), "submitted"), Is.Zero);
        Assert.That(Count(province["totals"], "submitted"), Is.EqualTo(8));
    }

    [Test]
    public async Task TheProvinceFiguresAreAlsoCsvAndXlsx()
    {
        await BuildTwoCitiesAsync();

        var csv = await Anonymous.GetAsync($"/api/statistics.csv?{Period}");
        var xlsx = await Anonymous.GetAsync($"/api/statistics.xlsx?{Period}");

        Assert.That(csv.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var lines = new UTF8Encoding(false).GetString((await csv.Content.ReadAsByteArrayAsync())[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.EqualTo(new[] { "province", OtherCity, CityCode }));
        Assert.That(lines[1], Does.Contain("全省"));
        Assert.That(csv.Content.Headers.ContentDisposition?.FileName, Does.StartWith("statistics-province-"));
        Assert.That(xlsx.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(xlsx.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    }

    [Test]
    public async Task ABadPeriodIs400WithTheFieldNamed()
    {
        var response = await Anonymous.GetAsync("/api/statistics?from=2026-05-01&to=2026-04-01");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain("from"));
    }
}
