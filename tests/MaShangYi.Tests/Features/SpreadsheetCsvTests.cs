using System.Text;
using MaShangYi.Api.Infrastructure.Csv;

namespace MaShangYi.Tests.Features;

/// <summary>The one CSV writer: text a spreadsheet would run as a formula is neutralised, numbers are not.</summary>
public sealed class SpreadsheetCsvTests
{
    [TestCase("=1+1", "'=1+1")]
    [TestCase("+8613800000000", "'+8613800000000")]
    [TestCase("-3", "'-3")]
    [TestCase("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [TestCase("\t=1", "'\t=1")]
    [TestCase("\r=1", "'\r=1")]
    [TestCase("淮安市", "淮安市")]
    [TestCase("a=1", "a=1")]
    [TestCase("", "")]
    public void ATextCellThatStartsLikeAFormulaGetsALeadingQuote(string text, string cell)
    {
        Assert.That(SpreadsheetCsv.Cell(text), Is.EqualTo(cell));
    }

    [Test]
    public void NumbersAreWrittenAsNumbersEvenWhenNegative()
    {
        Assert.That(new object?[] { -3L, -2.5, 0, 75.0, null }.Select(SpreadsheetCsv.Cell), Is.EqualTo(new[] { "-3", "-2.5", "0", "75", "" }));
    }

    [Test]
    public void TheFileIsUtf8WithABomAndQuotesWhatNeedsQuoting()
    {
        var bytes = SpreadsheetCsv.Write(["名称", "数"], [["=HYPERLINK(\"x\",\"y\")", -1L]]);

        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        Assert.That(new UTF8Encoding(false).GetString(bytes[3..]), Is.EqualTo("名称,数\r\n\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",-1\r\n"));
    }
}
