using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Features;

/// <summary>The import preview (dryRun=true): the same answer as the import would give, and nothing written.</summary>
public sealed class ImportPreviewTests : ApiTest
{
    private const string Header = "city_code,city_name,county_code,county_name,town_code,town_name,village_code,village_name,room_name,address,contact_name,contact_phone";

    private static string Csv(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";

    private static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string csv, bool dryRun)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return client.PostAsync(dryRun ? "/api/import/rooms?dryRun=true" : "/api/import/rooms", content);
    }

    private static readonly string Changes = Csv(
        "320800,淮安市,320812,清江浦区,320812001,长西街道,320812001001,柳树湾社区,柳树湾社区协商议事室,柳树湾社区新址,,",  // line 2: address changed
        "320800,淮安市,320812,清江浦区,320812001,长西街道,,,长西街道第二议事室,长西街道二号,,",                          // line 3: new room
        "320800,淮安市,320812,清江浦区,320812009,新城街道,320812009001,新城社区,新城社区议事室,新城社区一号,,",              // line 4: new town, village, room
        "320800,淮安市,320803,淮安区新名,,,,,,,,");                                                                            // line 5: county renamed

    private static List<(int Line, string Kind, string Action, string? Code, string Name)> Listed(JsonObject result) =>
        [.. result["changes"]!.AsArray().Select(c => (c!["line"]!.GetValue<int>(), c["kind"]!.GetValue<string>(), c["action"]!.GetValue<string>(),
            c["code"]?.GetValue<string>(), c["name"]!.GetValue<string>()))];

    private static List<(int Line, string Name, string Label, string? From, string? To)> Differences(JsonObject result) =>
        [.. result["changes"]!.AsArray().SelectMany(c => c!["differences"]!.AsArray().Select(d => (c["line"]!.GetValue<int>(), c["name"]!.GetValue<string>(),
            d!["label"]!.GetValue<string>(), d["from"]?.GetValue<string>(), d["to"]?.GetValue<string>())))];

    [Test]
    public async Task APreviewSaysWhatWouldChangeAndWritesNothing()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();

        var response = await PostCsvAsync(admin, Changes, dryRun: true);

        var preview = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), preview.ToJsonString());
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        var counts = new[] { "regionsCreated", "regionsUpdated", "regionsUnchanged", "roomsCreated", "roomsUpdated", "roomsUnchanged" }
            .Select(k => preview[k]!.GetValue<int>());
        Assert.That(counts, Is.EqualTo(new[] { 2, 1, 4, 2, 1, 0 }));
        Assert.That(Listed(preview), Is.EqualTo(new (int, string, string, string?, string)[]
        {
            (2, "region", "unchanged", "320800", "淮安市"), (2, "region", "unchanged", "320812", "清江浦区"), (2, "region", "unchanged", "320812001", "长西街道"),
            (2, "region", "unchanged", "320812001001", "柳树湾社区"), (2, "room", "update", null, "柳树湾社区协商议事室"),
            (3, "room", "create", null, "长西街道第二议事室"),
            (4, "region", "create", "320812009", "新城街道"), (4, "region", "create", "320812009001", "新城社区"), (4, "room", "create", null, "新城社区议事室"),
            (5, "region", "update", "320803", "淮安区新名"),
        }));

        var room = (await QueryAsync<(string Address, string ContactName, string ContactPhone)>(
            "SELECT address, contact_name, contact_phone FROM rooms WHERE name = '柳树湾社区协商议事室'")).Single();
        var oldCountyName = await ScalarAsync<string>("SELECT name FROM regions WHERE code = '320803'");
        Assert.That(Differences(preview), Is.EqualTo(new (int, string, string, string?, string?)[]
        {
            (2, "柳树湾社区协商议事室", "地址", room.Address, "柳树湾社区新址"),
            (2, "柳树湾社区协商议事室", "联系人", room.ContactName, null),
            (2, "柳树湾社区协商议事室", "联系电话", room.ContactPhone, null),
            (5, "淮安区新名", "名称", oldCountyName, "淮安区新名"),
        }), "an update says what the region or room is now, so the admin sees what the file replaces, a contact it empties too");

        var imported = await ReadJsonAsync(await PostCsvAsync(admin, Changes, dryRun: false));
        Assert.That(imported.ToJsonString(), Is.EqualTo(preview.ToJsonString()), "the import does what the preview said");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM rooms WHERE name IN ('长西街道第二议事室', '新城社区议事室')"), Is.EqualTo(2));
    }

    [Test]
    public async Task APreviewOfAFileWithBadRowsListsThemAsTheImportWouldAndWritesNothing()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();

        var response = await PostCsvAsync(admin, Csv(
            "320800,淮安市,320812,清江浦区,320812001,长西街道,,,无地址议事室,,,",
            "320800,淮安市,3208AB,坏代码区,,,,,坏代码议事室,某地,,"), dryRun: true);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "import_rows_invalid");
        Assert.That(problem["rowErrors"]!.AsArray().Select(e => (e!["line"]!.GetValue<int>(), e["column"]!.GetValue<string>())),
            Is.EqualTo(new[] { (2, "address"), (3, "county_code") }));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task APreviewOutsideTheAdminsRegionsIsRefusedRowByRow()
    {
        await SeedDemoCityAsync();
        var townAdmin = await LoginWithRoleAsync("town-admin", "region_admin", "320812001");

        var response = await PostCsvAsync(townAdmin, Changes, dryRun: true);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "import_rows_invalid");
        Assert.That(problem["rowErrors"]!.AsArray().Select(e => e!["line"]!.GetValue<int>()).Distinct(), Is.EqualTo(new[] { 4, 5 }));
    }
}
