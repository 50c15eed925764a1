using System.Buffers;
using System.Globalization;
using System.Text;
using CsvHelper;

namespace MaShangYi.Api.Infrastructure.Csv;

/// <summary>
/// Every CSV the service writes goes through here, because officials open them in a spreadsheet. A spreadsheet runs a
/// cell that starts with =, +, -, @, tab or carriage return as a formula — a region named <c>=HYPERLINK(…)</c> would be a
/// live link in the statistics — so such text cells get a leading single quote (OWASP's advice on CSV injection).
/// Numbers are written as numbers: a negative figure is data, not a formula.
/// </summary>
public static class SpreadsheetCsv
{
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    /// <summary>UTF-8 with a byte-order mark, which is what makes Excel on Windows read Chinese CSV correctly.</summary>
    public static byte[] Write(IEnumerable<string> headers, IEnumerable<IEnumerable<object?>> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var row in rows.Prepend(headers))
            {
                foreach (var value in row)
                {
                    csv.WriteField(Cell(value));
                }

                csv.NextRecord();
            }
        }

        return stream.ToArray();
    }

    /// <summary>What one value becomes in a cell: numbers as they are (invariant culture), text neutralised.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        _ => Text(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    public static string Text(string? text) => text is { Length: > 0 } && FormulaStarts.Contains(text[0]) ? "'" + text : text ?? "";
}
