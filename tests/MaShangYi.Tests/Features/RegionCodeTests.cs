using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using MaShangYi.Api.Commands;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Features;

/// <summary>
/// A region's code extends its parent's (city 320800, county 320812, town 320812001, village 320812001001), in the
/// API and the import, so nobody can squat a code that belongs elsewhere — and bootstrap-admin grants cities only.
/// </summary>
public sealed class RegionCodeTests : ApiTest
{
    [TestCase("320812001", "321000", "扬州市")] // the squat: a city's code under a town
    [TestCase("320812001", "320812002001", "别处的村")] // a village code of another town
    [TestCase("320812", "320803101", "别县的镇")] // a town code of another county
    [TestCase("320812", "3208120011", "十位代码")]
    [TestCase("320812", "320812", "与上级相同")]
    [TestCase("320800", "321001", "别市的县")]
    [TestCase("320800", "320900", "以00结尾")]
    public async Task ACodeThatDoesNotExtendItsParentsIs400OnCodeAndWritesNothing(string parentCode, string code, string name)
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();

        var response = await admin.PostAsJsonAsync("/api/regions", new { parentId = await RegionIdAsync(parentCode), code, name });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "code" }));
        Assert.That(problem["errors"]!["code"]![0]!.GetValue<string>(), Does.Match(@"\p{IsCJKUnifiedIdeographs}").And.Contain(parentCode[..4]));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase("320800", "320899", 2)]
    [TestCase("320812", "320812009", 3)]
    [TestCase("320812001", "320812001099", 4)]
    public async Task ACodeThatExtendsItsParentsIsCreated(string parentCode, string code, int level)
    {
        var admin = await SeedDemoCityAsync();

        var response = await admin.PostAsJsonAsync("/api/regions", new { parentId = await RegionIdAsync(parentCode), code, name = "新区域" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That(await ScalarAsync<int>("SELECT level FROM regions WHERE code = @code", new { code }), Is.EqualTo(level));
    }

    [Test]
    public async Task AnImportRowWhoseCodeDoesNotExtendItsParentsIsRefusedWithLineAndColumn()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();
        var csv = string.Join("\n",
            "city_code,city_name,county_code,county_name,town_code,town_name,village_code,village_name,room_name,address,contact_name,contact_phone",
            "320800,淮安市,321000,扬州市,,,,,扬州议事室,某地,,", // line 2: a county with another city's prefix
            "320800,淮安市,320812,清江浦区,321000001,某街道,,,某街道议事室,某地,,", // line 3: a town outside its county
            "320800,淮安市,320812,清江浦区,320812001,长西街道,320812002001,某村,某村议事室,某地,,", // line 4: a village of another town
            "321001,某市,,,,,,,某市议事室,某地,,", // line 5: a city code not ending in 00
            "320800,淮安市,320800,市区,,,,,市区议事室,某地,,") + "\n"; // line 6: a county with the city's own code
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        var response = await admin.PostAsync("/api/import/rooms", content);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "import_rows_invalid");
        var errors = problem["rowErrors"]!.AsArray().Select(e => (e!["line"]!.GetValue<int>(), e["column"]!.GetValue<string>())).ToList();
        Assert.That(errors, Is.EqualTo(new[] { (2, "county_code"), (3, "town_code"), (4, "village_code"), (5, "city_code"), (6, "county_code") }), problem.ToJsonString());
        Assert.That(problem["rowErrors"]![2]!["message"]!.GetValue<string>(), Does.Contain("320812001"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task BootstrapAdminRefusesACodeThatIsARegionBelowTheTopLevel()
    {
        await SeedDemoCityAsync();
        // A squat made before codes had to extend their parents': a "city" code on a village under a town.
        await ExecuteAsync(
            """
            INSERT INTO regions (code, parent_id, level, name, path, created_at, updated_at)
            SELECT '321000', id, 4, '扬州市', CONCAT(path, '321000/'), NOW(3), NOW(3) FROM regions WHERE code = '320812001'
            """);
        var before = await SnapshotAsync();

        var refused = Assert.ThrowsAsync<CommandRefusedException>(() => BootstrapAsync("321000"));

        Assert.That(refused!.Message, Does.Contain("below the top level").And.Contain("/320800/320812/320812001/321000/"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before), "no grant, no region");
    }

    [TestCase("320812")]
    [TestCase("320812001")]
    [TestCase("32100")]
    public async Task BootstrapAdminRefusesACodeThatIsNotACitys(string code)
    {
        await SeedDemoCityAsync();
        var before = await SnapshotAsync();

        var refused = Assert.ThrowsAsync<CommandRefusedException>(() => BootstrapAsync(code));

        Assert.That(refused!.Message, Does.Contain("not a city code"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task BootstrapAdminGrantsANewCity()
    {
        await SeedDemoCityAsync();

        await BootstrapAsync("321000");

        Assert.That(await QueryAsync<(int Level, string Path)>("SELECT level, path FROM regions WHERE code = '321000'"), Is.EqualTo(new[] { (1, "/321000/") }));
        Assert.That(await ScalarAsync<long>(
            "SELECT COUNT(*) FROM role_grants g JOIN regions r ON r.id = g.region_id WHERE r.code = '321000' AND g.role = 'region_admin'"), Is.EqualTo(1));
    }

    private static async Task BootstrapAsync(string code)
    {
        using var scope = Api.Services.CreateScope();
        await AdminCommands.BootstrapAdminAsync(scope.ServiceProvider, SimulatedWeChatClient.OpenIdFor("yangzhou-admin"), code, "扬州市");
    }
}
