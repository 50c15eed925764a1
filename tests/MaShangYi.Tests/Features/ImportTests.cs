using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MaShangYi.Api.Commands;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Features;

public sealed class ImportTests : ApiTest
{
    private const string Header = "city_code,city_name,county_code,county_name,town_code,town_name,village_code,village_name,room_name,address,contact_name,contact_phone";

    private const string ChineseHeader = "市代码,市名称,县区代码,县区名称,镇街代码,镇街名称,村社区代码,村社区名称,议事室名称,地址,联系人,联系电话";

    private static readonly string DemoCsv = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", "demo-city.csv"));

    [Test]
    public async Task AValidFileCreatesEveryRegionAndRoomInIt()
    {
        var admin = await BootstrapAdminAsync("320800", "淮安市");

        var response = await PostCsvAsync(admin, DemoCsv);

        var result = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), result.ToJsonString());
        Assert.That(result["regionsCreated"]!.GetValue<int>(), Is.EqualTo(27), "the city existed already");
        Assert.That(result["roomsCreated"]!.GetValue<int>(), Is.EqualTo(28));
        Assert.That(await QueryAsync<(int, long)>("SELECT level, COUNT(*) FROM regions GROUP BY level ORDER BY level"),
            Is.EqualTo(new[] { (1, 1L), (2, 3L), (3, 6L), (4, 18L) }));
        Assert.That(await ScalarAsync<string>("SELECT r.path FROM rooms m JOIN regions r ON r.id = m.region_id WHERE m.name = '古镇社区协商议事室'"),
            Is.EqualTo("/320800/320803/320803101/320803101002/"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(DISTINCT scene) FROM rooms"), Is.EqualTo(28));
    }

    [Test]
    public async Task TheTemplateIsTheHeaderRowAsUtf8CsvWithABom()
    {
        var admin = await BootstrapAdminAsync("320800", "淮安市");

        var response = await admin.GetAsync("/api/import/rooms/template.csv");

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        Assert.That(new UTF8Encoding(false).GetString(bytes[3..]), Is.EqualTo(ChineseHeader + "\r\n"), "in Chinese, as the file is filled in a spreadsheet");
        var filled = bytes.Concat(Encoding.UTF8.GetBytes("320800,淮安市,320826,涟水县,,,,,涟水县议事室,涟水县政务中心,,\r\n")).ToArray();
        var imported = await PostCsvAsync(admin, filled);
        Assert.That(imported.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the template, filled in, imports as it is");
    }

    [Test]
    public async Task ImportingTheSameFileAgainChangesNothing()
    {
        var admin = await SeedDemoCityAsync();
        var scenes = await QueryAsync<string>("SELECT CONCAT(id, scene) FROM rooms ORDER BY id");
        var before = await SnapshotAsync();

        var response = await PostCsvAsync(admin, DemoCsv);

        var result = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), result.ToJsonString());
        Assert.That(result["changes"]!.AsArray().Select(c => c!["action"]!.GetValue<string>()), Is.EqualTo(Enumerable.Repeat("unchanged", 28 + 28)));
        result.Remove("changes");
        Assert.That(result.ToJsonString(), Is.EqualTo("""{"regionsCreated":0,"regionsUpdated":0,"regionsUnchanged":28,"roomsCreated":0,"roomsUpdated":0,"roomsUnchanged":28}"""));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(await QueryAsync<string>("SELECT CONCAT(id, scene) FROM rooms ORDER BY id"), Is.EqualTo(scenes));
    }

    [Test]
    public async Task AChangedAddressUpdatesOnlyThatRoom()
    {
        var admin = await SeedDemoCityAsync();
        var others = await QueryAsync<string>("SELECT CONCAT_WS('|', id, address, updated_at, scene) FROM rooms WHERE name <> '古镇社区协商议事室' ORDER BY id");
        Api.Clock.Advance(TimeSpan.FromMinutes(1));
        var before = Api.Clock.GetUtcNow().UtcDateTime;

        var response = await PostCsvAsync(admin, DemoCsv.Replace("河下街道古镇社区党群服务中心", "河下街道古镇社区新服务中心", StringComparison.Ordinal));
        var after = Api.Clock.GetUtcNow().UtcDateTime;

        var result = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), result.ToJsonString());
        Assert.That(result["roomsUpdated"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(result["roomsUnchanged"]!.GetValue<int>(), Is.EqualTo(27));
        var changed = await QueryAsync<(string Address, DateTime UpdatedAt)>("SELECT address, updated_at FROM rooms WHERE name = '古镇社区协商议事室'");
        Assert.That(changed.Single().Address, Is.EqualTo("河下街道古镇社区新服务中心"));
        // Stamped with the import's own time, as the column keeps it (whole milliseconds).
        Assert.That(changed.Single().UpdatedAt, Is.InRange(MaShangYi.Api.Infrastructure.Time.StoredTime.AtStoredPrecision(before), after));
        Assert.That(await QueryAsync<string>("SELECT CONCAT_WS('|', id, address, updated_at, scene) FROM rooms WHERE name <> '古镇社区协商议事室' ORDER BY id"), Is.EqualTo(others));
    }

    [Test]
    public async Task AFileWithBadRowsIsRefusedWholeListingEveryBadRowAndWritesNothing()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();
        var csv = Csv(
            "320800,淮安市,3208AB,坏代码区,,,,,坏代码议事室,某地,,",                                    // line 2: bad county code
            "320800,淮安市,320812,清江浦区,320812001,长西街道,,,无地址议事室,,,",                          // line 3: missing address
            "320800,淮安市,320812,清江浦区,320812009,新街道,,,新街道议事室,新街道一号,,",                   // line 4: fine
            "320800,淮安市,320812,清江浦区,320812009,新街道,,,新街道议事室,新街道二号,,",                   // line 5: duplicate room
            "320800,淮安市,320812,清江浦新区,,,,,清江浦新区议事室,某地,,",                                  // line 6: same code, other name
            "320800,淮安市,320804,淮阴区,,,320804101009,无镇村,无镇村议事室,某地,,");                       // line 7: village without a town

        var response = await PostCsvAsync(admin, csv);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "import_rows_invalid");
        var errors = problem["rowErrors"]!.AsArray().Select(e => (e!["line"]!.GetValue<int>(), e["column"]!.GetValue<string>())).ToList();
        Assert.That(errors, Is.EqualTo(new[] { (2, "county_code"), (3, "address"), (5, "room_name"), (6, "county_code"), (7, "town_code") }), problem.ToJsonString());
        Assert.That(problem["rowErrors"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()), Is.All.Match(@"\p{IsCJKUnifiedIdeographs}"));
        // Each column also as the Chinese template heads it, for the admin mending the file.
        Assert.That(problem["rowErrors"]!.AsArray().Select(e => e!["columnName"]!.GetValue<string>()), Is.EqualTo(new[] { "县区代码", "地址", "议事室名称", "县区代码", "镇街代码" }));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("5 处错误"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task ChineseHeadersAndAUtf8ByteOrderMarkAreAccepted()
    {
        var admin = await SeedDemoCityAsync();
        var chineseHeader = ChineseHeader;
        var body = "\n320800,淮安市,320826,涟水县,320826001,涟城街道,,,涟城街道协商议事室,涟城街道便民服务中心,,";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(chineseHeader + body)).ToArray();

        var response = await PostCsvAsync(admin, bytes);

        var result = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), result.ToJsonString());
        Assert.That(result["regionsCreated"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(result["roomsCreated"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(await ScalarAsync<string>("SELECT path FROM regions WHERE name = '涟城街道'"), Is.EqualTo("/320800/320826/320826001/"));
    }

    [Test]
    public async Task AFileUploadedAsAMultipartFormIsImportedToo()
    {
        var admin = await BootstrapAdminAsync("320800", "淮安市");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(DemoCsv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "淮安市议事室.csv");

        var response = await admin.PostAsync("/api/import/rooms", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM rooms"), Is.EqualTo(28));
    }

    [Test]
    public async Task AGbkEncodedFileIs400WithAMessageAboutUtf8AndWritesNothing()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GBK").GetBytes(Csv("320800,淮安市,320826,涟水县,,,,,涟水县协商议事室,涟水县人民路1号,,"));

        var response = await PostCsvAsync(admin, gbk);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "import_rows_invalid");
        Assert.That(problem["rowErrors"]![0]!["message"]!.GetValue<string>(), Does.Contain("UTF-8"));
        Assert.That(problem["rowErrors"]![0]!["columnName"]!.GetValue<string>(), Is.EqualTo("文件"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task ACountyAdminImportingIntoAnotherCountyIsRefusedRowByRowAndNothingIsWritten()
    {
        await SeedDemoCityAsync();
        var admin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var before = await SnapshotAsync();
        var csv = Csv(
            "320800,淮安市,320812,清江浦区,320812001,长西街道,,,长西街道第二议事室,长西街道,,",       // line 2: own county, fine
            "320800,淮安市,320803,淮安区,320803101,河下街道,,,河下街道第二议事室,河下街道,,",        // line 3: another county's town
            "320800,淮安市,320803,淮安区,320803109,新镇,,,新镇议事室,新镇,,");                        // line 4: new town in another county

        var response = await PostCsvAsync(admin, csv);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "import_rows_invalid");
        var lines = problem["rowErrors"]!.AsArray().Select(e => e!["line"]!.GetValue<int>()).Distinct();
        Assert.That(lines, Is.EqualTo(new[] { 3, 4 }), problem.ToJsonString());
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task SomeoneWhoIsNotARegionAdminGets403()
    {
        await SeedDemoCityAsync();
        var reviewer = await LoginWithRoleAsync("reviewer", "reviewer", "320800");
        var before = await SnapshotAsync();

        var response = await PostCsvAsync(reviewer, DemoCsv);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await PostCsvAsync(Anonymous, DemoCsv), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AnEmptyUploadIs400()
    {
        var admin = await SeedDemoCityAsync();

        await AssertProblemAsync(await PostCsvAsync(admin, ""), HttpStatusCode.BadRequest, "import_file_missing");
    }

    [Test]
    public async Task AFileOverTenMegabytesIs413AndWritesNothing()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();
        var huge = Encoding.UTF8.GetBytes(Header + "\n" + new string(',', (10 * 1024 * 1024) + 1));

        await AssertProblemAsync(await PostCsvAsync(admin, huge), HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task RoomNamesThatDifferOnlyInLetterCaseCountAsDuplicates()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();
        var csv = Csv(
            "320800,淮安市,320812,清江浦区,,,,,A区议事室,某地,,",
            "320800,淮安市,320812,清江浦区,,,,,a区议事室,某地,,");

        var response = await PostCsvAsync(admin, csv);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "import_rows_invalid");
        Assert.That(problem["rowErrors"]!.AsArray().Select(e => (e!["line"]!.GetValue<int>(), e["column"]!.GetValue<string>())), Is.EqualTo(new[] { (3, "room_name") }));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AnExistingRoomNamedInAnotherLetterCaseOrWidthIsUpdatedNotDuplicated()
    {
        var admin = await SeedDemoCityAsync();
        await ExecuteAsync("UPDATE rooms SET name = 'B区议事室' WHERE name = '清江浦区协商议事室'");

        var response = await PostCsvAsync(admin, Csv("320800,淮安市,320812,清江浦区,,,,,ｂ区议事室,新地址,,"));

        var result = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), result.ToJsonString());
        Assert.That((result["roomsCreated"]!.GetValue<int>(), result["roomsUpdated"]!.GetValue<int>()), Is.EqualTo((0, 1)));
        Assert.That(await ScalarAsync<string>("SELECT address FROM rooms WHERE name = 'B区议事室'"), Is.EqualTo("新地址"));
    }

    [Test]
    public async Task AReferenceSizeCityOf1732RoomsOverFourLevelsImportsCompletely()
    {
        var admin = await BootstrapAdminAsync("329900", "示范市");

        var response = await PostCsvAsync(admin, ReferenceCity());

        var result = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), result.ToJsonString());
        Assert.That(result["regionsCreated"]!.GetValue<int>(), Is.EqualTo(1731));
        Assert.That(result["roomsCreated"]!.GetValue<int>(), Is.EqualTo(1732));
        Assert.That(await QueryAsync<(int, long)>("SELECT level, COUNT(*) FROM regions GROUP BY level ORDER BY level"),
            Is.EqualTo(new[] { (1, 1L), (2, 9L), (3, 120L), (4, 1602L) }));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM rooms"), Is.EqualTo(1732));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(DISTINCT scene) FROM rooms"), Is.EqualTo(1732));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM rooms m JOIN regions r ON r.id = m.region_id WHERE r.path LIKE CONCAT('%/', r.code, '/')"), Is.EqualTo(1732));
    }

    // 1 city, 9 counties, 120 towns, 1,602 villages; one room in every region: 1,732 rooms, as in Huai'an.
    private static string ReferenceCity()
    {
        var rows = new List<string> { "329900,示范市,,,,,,,示范市协商议事室,市政务中心,," };
        var village = 0;
        var town = 0;
        for (var c = 1; c <= 9; c++)
        {
            var county = $"3299{c:D2}";
            var countyPart = $"329900,示范市,{county},第{c}县区";
            rows.Add($"{countyPart},,,,,第{c}县区协商议事室,第{c}县区政务中心,,");
            for (var t = 1; t <= (c <= 3 ? 14 : 13); t++, town++)
            {
                var townCode = $"{county}{t:D3}";
                var townPart = $"{countyPart},{townCode},第{town + 1}街道";
                rows.Add($"{townPart},,,第{town + 1}街道协商议事室,第{town + 1}街道便民服务中心,,");
                for (var v = 1; v <= (town < 42 ? 14 : 13); v++)
                {
                    village++;
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{townPart},{townCode}{v:D3},第{village}社区,第{village}社区协商议事室,第{village}社区党群服务中心,第{village}社区书记,138{village:D8}"));
                }
            }
        }

        return Csv([.. rows]);
    }

    private static string Csv(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";

    private static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string csv) => PostCsvAsync(client, Encoding.UTF8.GetBytes(csv));

    private static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return client.PostAsync("/api/import/rooms", content);
    }

    private async Task<HttpClient> BootstrapAdminAsync(string cityCode, string cityName)
    {
        using (var scope = Api.Services.CreateScope())
        {
            await AdminCommands.BootstrapAdminAsync(scope.ServiceProvider, SimulatedWeChatClient.OpenIdFor("city-admin"), cityCode, cityName);
        }

        return (await LoginAsync("city-admin")).Client;
    }
}
