namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// A topic's title when its sender gave none — an intake channel's item (Open311 carries no title) or a resident who
/// just said what is wrong in one box: the first words of the description, up to the first line or sentence end.
/// </summary>
public static class TopicTitles
{
    public const int MaxDerivedLength = 30;

    private static readonly System.Buffers.SearchValues<char> SentenceEnds = System.Buffers.SearchValues.Create("。！？；!?;");

    public static string FromDescription(string description)
    {
        var line = description.Trim().Split('\n', 2)[0].Trim();
        var end = line.AsSpan().IndexOfAny(SentenceEnds);
        if (end > 0)
        {
            line = line[..end];
        }

        // Counted as people count characters: a character outside the basic plane (a rare name, an emoji) is not cut in half.
        var info = new System.Globalization.StringInfo(line);
        return info.LengthInTextElements <= MaxDerivedLength ? line : info.SubstringByTextElements(0, MaxDerivedLength - 1) + "…";
    }

    /// <summary>The title to store: the given one, or the description's first words when it is blank.</summary>
    public static string Choose(string? title, string description) =>
        string.IsNullOrWhiteSpace(title) ? FromDescription(description) : title.Trim();
}
