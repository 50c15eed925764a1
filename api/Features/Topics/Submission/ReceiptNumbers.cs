using System.Globalization;
using System.Text;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// Receipt numbers (查询号) as people type them back: read aloud from the receipt page ("2026 - U A P P T 7 V F - 0001"),
/// written down without dashes, in lower case, with full-width characters from a Chinese keyboard. The stored form is
/// year-scene-sequence (2026-UAPPT7VF-0001).
/// </summary>
public static class ReceiptNumbers
{
    /// <summary>
    /// The stored forms <paramref name="typed"/> can mean, at most a handful: one when it has its two dashes; without them,
    /// a 4-digit year, then the scene and a sequence of at least 4 digits, split every way the trailing digits allow.
    /// Empty when it cannot be a receipt number at all.
    /// </summary>
    public static IReadOnlyList<string> Candidates(string? typed)
    {
        var compact = Compact(typed ?? "");
        if (compact.Length is < 10 or > 40)
        {
            return [];
        }

        var parts = compact.Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 3)
        {
            return IsYear(parts[0]) && parts[2].All(char.IsAsciiDigit) ? [string.Join('-', parts)] : [];
        }

        var plain = string.Concat(parts);
        if (parts.Length is not (1 or 2) || !IsYear(plain[..4]))
        {
            return [];
        }

        var rest = plain[4..];
        var digits = rest.Length - rest.TrimEnd("0123456789".ToCharArray()).Length;
        var candidates = new List<string>();
        for (var seq = 4; seq <= digits && seq < rest.Length; seq++)
        {
            candidates.Add(string.Create(CultureInfo.InvariantCulture, $"{plain[..4]}-{rest[..^seq]}-{rest[^seq..]}"));
        }

        return candidates;
    }

    /// <summary>Upper case ASCII, every kind of dash as "-", no spaces at all.</summary>
    private static string Compact(string typed)
    {
        var text = new StringBuilder(typed.Length);
        foreach (var c in typed.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            text.Append(c is '－' or '—' or '–' or '‐' or '﹣' or 'ー' or '_' ? '-' : char.ToUpperInvariant(c));
        }

        return text.ToString();
    }

    private static bool IsYear(string text) => text.Length == 4 && text.All(char.IsAsciiDigit);
}
