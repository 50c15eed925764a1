namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// The one-line explanations shown next to the process words that stay in residents' texts (纪要, 落实, 复核): the
/// glossary's "explained" entries (miniprogram/utils/glossary.js; a test holds them equal).
/// </summary>
public static class Explained
{
    public const string Minutes = "会议纪要：会上说了什么、商定了什么的记录。";

    public const string Implementation = "落实：把商定的办法一件件办成。";

    public const string Review = "复核：到了日子再看一次办得怎么样。";
}
