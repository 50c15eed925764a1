using System.Text.RegularExpressions;

namespace MaShangYi.Api.Features.WebConsole;

/// <summary>
/// A browser as a person recognises it ("Chrome 126 · Windows"), from its User-Agent: shown on the confirm page before a
/// staff member lets it in, and kept with each console login. Only a description: it proves nothing.
/// </summary>
public static partial class BrowserNames
{
    private static readonly (string Name, Regex Pattern)[] Browsers =
    [
        ("微信", WeChat()), ("Edge", Edge()), ("360 浏览器", Qihoo()), ("QQ 浏览器", QQ()), ("搜狗浏览器", Sogou()),
        ("Firefox", Firefox()), ("Chrome", Chrome()), ("Safari", Safari()),
    ];

    private static readonly (string Name, string Marker)[] Systems =
    [
        ("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"), ("macOS", "Mac OS X"),
        ("HarmonyOS", "HarmonyOS"), ("Linux", "Linux"),
    ];

    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "未知浏览器";
        }

        var browser = Browsers.Select(b => (b.Name, Match: b.Pattern.Match(userAgent))).FirstOrDefault(b => b.Match.Success);
        var name = browser.Match is { Success: true } m
            ? m.Groups["v"].Success ? $"{browser.Name} {m.Groups["v"].Value}" : browser.Name
            : "未知浏览器";
        var system = Systems.FirstOrDefault(s => userAgent.Contains(s.Marker, StringComparison.Ordinal)).Name;
        var described = system is null ? name : $"{name} · {system}";
        return described.Length <= 255 ? described : described[..255];
    }

    [GeneratedRegex(@"MicroMessenger/(?<v>\d+)")]
    private static partial Regex WeChat();

    [GeneratedRegex(@"Edg(?:e|A|iOS)?/(?<v>\d+)")]
    private static partial Regex Edge();

    [GeneratedRegex(@"QihooBrowser|360SE|360EE")]
    private static partial Regex Qihoo();

    [GeneratedRegex(@"QQBrowser/(?<v>\d+)")]
    private static partial Regex QQ();

    [GeneratedRegex(@"MetaSr|SogouMobileBrowser")]
    private static partial Regex Sogou();

    [GeneratedRegex(@"(?:Firefox|FxiOS)/(?<v>\d+)")]
    private static partial Regex Firefox();

    [GeneratedRegex(@"(?:Chrome|CriOS)/(?<v>\d+)")]
    private static partial Regex Chrome();

    [GeneratedRegex(@"Version/(?<v>\d+)[\d.]* (?:Mobile/\w+ )?Safari/")]
    private static partial Regex Safari();
}
