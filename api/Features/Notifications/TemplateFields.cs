using System.Globalization;
using System.Text;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Notifications;

/// <summary>
/// Fits our values into a template's WeChat keys. WeChat refuses a whole message (47003) when one field breaks its type's
/// rule, so every value is cut to the limit of the key's type (reference/wechat-api.md): thing ≤ 20 characters,
/// phrase ≤ 5, name ≤ 10, character_string ≤ 32 ASCII, times and dates in WeChat's fixed formats (Beijing time).
/// </summary>
public static class TemplateFields
{
    private static readonly Dictionary<string, int> Limits = new()
    {
        ["thing"] = 20, ["phrase"] = 5, ["name"] = 10, ["character_string"] = 32, ["number"] = 32, ["letter"] = 32,
        ["symbol"] = 5, ["phone_number"] = 17, ["car_number"] = 8, ["amount"] = 32,
    };

    /// <summary>The type of a WeChat key: "thing1" → "thing", "character_string12" → "character_string".</summary>
    public static string TypeOf(string wechatKey) => wechatKey.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');

    /// <summary>The message data: each mapped logical field's value, formatted and cut for its key. Unmapped values are left out.</summary>
    public static Dictionary<string, string> Render(IReadOnlyDictionary<string, string> fieldMap, IReadOnlyDictionary<string, object> values)
    {
        var data = new Dictionary<string, string>();
        foreach (var (logical, wechatKey) in fieldMap)
        {
            if (values.TryGetValue(logical, out var value))
            {
                data[wechatKey] = Fit(TypeOf(wechatKey), value);
            }
        }

        return data;
    }

    /// <summary>One value for one key type. Text is cut by characters as people count them (a surrogate pair is one).</summary>
    public static string Fit(string type, object value)
    {
        switch (type, value)
        {
            case ("time", DateTime utc):
                return Beijing(utc).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);
            case ("date", DateTime utc):
                return Beijing(utc).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
            case ("date", DateOnly date):
                return date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        }

        var text = value switch
        {
            DateTime utc => Beijing(utc).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture),
            DateOnly date => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (type is "character_string" or "letter" or "symbol" or "number")
        {
            // These types take ASCII only: drop anything else rather than have the whole message refused.
            text = new string(text.Where(c => c is > ' ' and < (char)127).ToArray());
        }

        if (text.Length == 0)
        {
            return type == "thing" || type == "phrase" || type == "name" ? "无" : "-";
        }

        return Limits.TryGetValue(type, out var limit) ? Cut(text, limit, ellipsis: type == "thing") : text;
    }

    /// <summary>At most <paramref name="limit"/> characters; a cut thing ends with "…" so the reader sees it goes on.</summary>
    public static string Cut(string text, int limit, bool ellipsis)
    {
        var runes = text.EnumerateRunes().ToList();
        if (runes.Count <= limit)
        {
            return text;
        }

        var kept = runes.Take(ellipsis ? limit - 1 : limit);
        var builder = new StringBuilder();
        foreach (var rune in kept)
        {
            builder.Append(rune.ToString());
        }

        return ellipsis ? builder.Append('…').ToString() : builder.ToString();
    }

    private static DateTime Beijing(DateTime utc) => utc.Add(LocalDate.Offset);
}
