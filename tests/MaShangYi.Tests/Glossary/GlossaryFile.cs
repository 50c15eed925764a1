using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MaShangYi.Tests.Glossary;

/// <summary>
/// The glossary of residents' words (miniprogram/utils/glossary.js, copied next to the tests): the JSON block between its
/// markers, and the checks every resident text must pass — no staff word, and a process word that stays (纪要, 落实,
/// 复核) only with its one-line explanation.
/// </summary>
public sealed partial class GlossaryFile
{
    private const string Begin = "/* glossary:begin */";
    private const string End = "/* glossary:end */";

    public static readonly GlossaryFile Instance = Load();

    public required IReadOnlyDictionary<string, string> Forbidden { get; init; }

    public required IReadOnlyList<Regex> Patterns { get; init; }

    public required IReadOnlyDictionary<string, string> Explained { get; init; }

    public required IReadOnlyDictionary<string, string> Statuses { get; init; }

    public required IReadOnlyDictionary<string, string> Stances { get; init; }

    private static GlossaryFile Load()
    {
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Glossary", "glossary.js"));
        var block = source[(source.IndexOf(Begin, StringComparison.Ordinal) + Begin.Length)..source.IndexOf(End, StringComparison.Ordinal)];
        var json = block[block.IndexOf('{', StringComparison.Ordinal)..(block.LastIndexOf('}') + 1)];
        using var doc = JsonDocument.Parse(json);
        Dictionary<string, string> Map(string name) =>
            doc.RootElement.GetProperty(name).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return new GlossaryFile
        {
            Forbidden = Map("forbidden"),
            Patterns = doc.RootElement.GetProperty("forbiddenPatterns").EnumerateArray().Select(p => new Regex(p.GetString()!)).ToList(),
            Explained = Map("explained"),
            Statuses = Map("statuses"),
            Stances = Map("stances"),
        };
    }

    /// <summary>What in <paramref name="text"/> breaks the glossary: staff words, and process words without their explanation.</summary>
    public IReadOnlyList<string> ProblemsIn(string text)
    {
        var problems = Forbidden.Keys.Where(text.Contains).Select(w => $"“{w}”（应说：{Forbidden[w]}）").ToList();
        problems.AddRange(Patterns.Select(p => p.Match(text)).Where(m => m.Success).Select(m => $"“{m.Value}”"));
        problems.AddRange(Explained.Where(e => text.Contains(e.Key, StringComparison.Ordinal) && !text.Contains(e.Value, StringComparison.Ordinal))
            .Select(e => $"“{e.Key}” without “{e.Value}”"));
        return problems;
    }

    /// <summary>Asserts <paramref name="text"/> keeps to the glossary; <paramref name="where"/> names it in the failure.</summary>
    public void AssertPlain(string text, string where) =>
        Assert.That(ProblemsIn(text), Is.Empty, $"{where}: {text}");

    /// <summary>A message for a resident: in Chinese, no code or English word in it, and in the glossary's words.</summary>
    public void AssertResidentMessage(string text, string where)
    {
        Assert.That(text, Does.Match(@"\p{IsCJKUnifiedIdeographs}"), $"{where}: not in Chinese");
        Assert.That(CodeLike().IsMatch(text), Is.False, $"{where}: a code or English word in “{text}”");
        AssertPlain(text, where);
    }

    /// <summary>The text a person reads on an HTML page: no style, no tags, entities decoded.</summary>
    public static string TextOf(string html) =>
        WebUtility.HtmlDecode(Tags().Replace(Styles().Replace(html, " "), " "));

    [GeneratedRegex("[a-z_]{4,}")]
    private static partial Regex CodeLike();

    [GeneratedRegex("<style>.*?</style>", RegexOptions.Singleline)]
    private static partial Regex Styles();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
