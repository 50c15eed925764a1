using System.Globalization;
using MaShangYi.Api.Infrastructure.Csv;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>The report as a table for officials' spreadsheets: the region first, then each child region; Chinese headers, rates in per cent.</summary>
public static class StatisticsExport
{
    private static readonly (string Header, Func<Figures, object?> Value)[] FigureColumns =
    [
        ("提交议题数", f => f.Submitted),
        ("已审题数", f => f.Reviewed),
        ("响应率(%)", f => Percent(f.ResponseRate)),
        ("平均响应时长(小时)", f => f.AverageResponseHours),
        ("半数响应时限(小时)", f => f.MedianResponseHours),
        ("九成响应时限(小时)", f => f.P90ResponseHours),
        ("受理数", f => f.Accepted),
        ("办结数", f => f.Closed),
        ("A类办结数", f => f.ClosedA),
        ("解决率(%)", f => Percent(f.ResolutionRate)),
        ("A类", f => f.ClassA),
        ("B类", f => f.ClassB),
        ("C类", f => f.ClassC),
        ("评价数", f => f.Evaluations),
        ("满意数", f => f.Satisfied),
        ("满意率(%)", f => Percent(f.SatisfactionRate)),
        ("提出人评价数", f => f.ProposerEvaluations),
        ("提出人满意率(%)", f => Percent(f.ProposerSatisfactionRate)),
        ("召开会议数", f => f.MeetingsHeld),
        ("答复疑问数", f => f.DoubtsAnswered),
        ("逾期任务数(截至今日)", f => f.OverdueTasks),
        ("议题产生阶段", f => f.ByStage[0].Count),
        ("信息整合阶段", f => f.ByStage[1].Count),
        ("协商决策阶段", f => f.ByStage[2].Count),
        ("落实反馈阶段", f => f.ByStage[3].Count),
    ];

    public static readonly string[] Headers = ["区域代码", "区域名称", "层级", "起始日期", "截止日期", .. FigureColumns.Select(c => c.Header)];

    /// <summary>One row a region: the region itself, then its children in code order.</summary>
    public static IEnumerable<IDictionary<string, object?>> Rows(StatisticsReport report)
    {
        var from = report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var regions = new[] { (report.Region.Code, report.Region.Name, report.Region.LevelName, report.Totals) }
            .Concat(report.Children.Select(c => (c.Code, c.Name, c.LevelName, c.Figures)));
        foreach (var (code, name, level, figures) in regions)
        {
            var row = new Dictionary<string, object?> { ["区域代码"] = code, ["区域名称"] = name, ["层级"] = level, ["起始日期"] = from, ["截止日期"] = to };
            foreach (var (header, value) in FigureColumns)
            {
                row[header] = value(figures);
            }

            yield return row;
        }
    }

    public static byte[] Csv(StatisticsReport report) =>
        SpreadsheetCsv.Write(Headers, Rows(report).Select(row => Headers.Select(header => row[header])));

    public static byte[] Xlsx(StatisticsReport report)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, Rows(report).Select(r => r.ToDictionary(x => x.Key, x => x.Value ?? "")).ToList(), sheetName: "统计");
        return stream.ToArray();
    }

    private static double? Percent(double? rate) => rate is { } r ? Math.Round(r * 100, 2) : null;
}
