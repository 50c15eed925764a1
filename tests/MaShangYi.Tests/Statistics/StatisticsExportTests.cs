using System.Globalization;
using System.Net;
using System.Text;
using MiniExcelLibs;

namespace MaShangYi.Tests.Statistics;

/// <summary>statistics.csv and statistics.xlsx: the same figures, the region and its children as rows, Chinese headers.</summary>
public sealed class StatisticsExportTests : StatisticsTest
{
    /// <summary>The columns that depend on how topics are classified; the dataset classifies two topics A, one B and three C, and closes some of each.</summary>
    private static readonly string[] ClassColumns = ["受理数", "办结数", "A类办结数", "解决率(%)", "A类", "B类", "C类"];

    private static readonly Dictionary<string, string> ExpectedByClass = new()
    {
        ["320800"] = "6 4 1 16.67 2 1 3",
        ["320803"] = "1 0 0 0 1 0 0",
        ["320812"] = "5 4 1 20 1 1 3",
    };

    [Test]
    public async Task TheCsvIsUtf8WithABomChineseHeadersAndOneRowPerRegion()
    {
        await BuildDatasetAsync();

        var response = await Anonymous.GetAsync($"/api/regions/{await RegionIdAsync(CityCode)}/statistics.csv?{Period}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var lines = new UTF8Encoding(false).GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        var header = lines[0].ToList();
        var rows = lines.Skip(1).ToDictionary(r => r[0]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "the BOM makes Excel read the Chinese correctly");
        Assert.That(header.Take(3), Is.EqualTo(new[] { "区域代码", "区域名称", "层级" }));
        Assert.That(rows.Keys, Is.EqualTo(new[] { "320800", "320803", "320804", "320812" }));
        Assert.That(rows["320800"][header.IndexOf("区域名称")], Is.EqualTo("淮安市"));
        Assert.That(rows["320800"][header.IndexOf("提交议题数")], Is.EqualTo("8"));
        Assert.That(rows["320800"][header.IndexOf("响应率(%)")], Is.EqualTo("87.5"));
        Assert.That(rows["320800"][header.IndexOf("满意率(%)")], Is.EqualTo("33.33"));
        Assert.That(rows["320800"][header.IndexOf("提出人满意率(%)")], Is.EqualTo("0"));
        Assert.That(rows["320812"][header.IndexOf("召开会议数")], Is.EqualTo("1"));
        Assert.That(rows["320812"][header.IndexOf("答复疑问数")], Is.EqualTo("2"));
        Assert.That(ByClass(rows["320800"]), Is.EqualTo(ExpectedByClass["320800"]));
        Assert.That(ByClass(rows["320803"]), Is.EqualTo(ExpectedByClass["320803"]));
        Assert.That(ByClass(rows["320812"]), Is.EqualTo(ExpectedByClass["320812"]));
        string ByClass(string[] row) => string.Join(' ', ClassColumns.Select(c => row[header.IndexOf(c)]));
        Assert.That(rows["320804"][header.IndexOf("响应率(%)")], Is.EqualTo(""), "no topics, no rate");
    }

    [Test]
    public async Task RegionNamesThatASpreadsheetWouldRunAsFormulasAreNeutralisedAndFiguresStayNumbers()
    {
        await BuildDatasetAsync();
        var names = new Dictionary<string, string>
        {
            ["320800"] = "=HYPERLINK(\"https://evil.example\",\"点击查看\")",
            ["320803"] = "@SUM(1+1)",
            ["320804"] = "+1-1",
            ["320812"] = "-2+3",
        };
        foreach (var (code, name) in names)
        {
            await ExecuteAsync("UPDATE regions SET name = @name WHERE code = @code", new { code, name });
        }

        var response = await Anonymous.GetAsync($"/api/regions/{await RegionIdAsync(CityCode)}/statistics.csv?{Period}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var reader = new CsvHelper.CsvReader(new StringReader(await response.Content.ReadAsStringAsync()), System.Globalization.CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var rows = new Dictionary<string, (string Name, string Submitted)>();
        while (reader.Read())
        {
            rows[reader.GetField("区域代码")!] = (reader.GetField("区域名称")!, reader.GetField("提交议题数")!);
        }

        Assert.That(rows.ToDictionary(r => r.Key, r => r.Value.Name), Is.EqualTo(names.ToDictionary(n => n.Key, n => "'" + n.Value)));
        Assert.That(rows[CityCode].Submitted, Is.EqualTo("8"), "figures are numbers, written as they are");
    }

    [Test]
    public async Task TheXlsxReadsBackWithTheSameFigures()
    {
        await BuildDatasetAsync();

        var response = await Anonymous.GetAsync($"/api/regions/{await RegionIdAsync(CityCode)}/statistics.xlsx?{Period}");
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        Assert.That(rows.Select(r => r["区域代码"]?.ToString()), Is.EqualTo(new[] { "320800", "320803", "320804", "320812" }));
        Assert.That(Convert.ToInt64(rows[0]["提交议题数"], CultureInfo.InvariantCulture), Is.EqualTo(8));
        Assert.That(Convert.ToInt64(rows[3]["已审题数"], CultureInfo.InvariantCulture), Is.EqualTo(6));
        Assert.That(ByClass(rows[0]), Is.EqualTo(ExpectedByClass["320800"]));
        Assert.That(ByClass(rows[1]), Is.EqualTo(ExpectedByClass["320803"]));
        Assert.That(ByClass(rows[3]), Is.EqualTo(ExpectedByClass["320812"]));
        static string ByClass(IDictionary<string, object> row) =>
            string.Join(' ', ClassColumns.Select(c => Convert.ToString(row[c], CultureInfo.InvariantCulture)));
        Assert.That(rows[1]["区域名称"]?.ToString(), Is.EqualTo("清江浦区").Or.Not.Empty);
    }
}
