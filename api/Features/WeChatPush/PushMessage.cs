using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace MaShangYi.Api.Features.WeChatPush;

/// <summary>
/// The fields of a WeChat push this service reads, from a JSON or an XML body (the data format chosen in the admin
/// console; told apart by the first character). In safe mode the outer body carries only <see cref="Encrypt"/>.
/// </summary>
public sealed record PushMessage(string? Encrypt, string? Event, string? TraceId, string? Suggest, int Label, int ErrCode)
{
    /// <summary>The message, or null when the body is neither JSON nor XML of the expected shape.</summary>
    public static PushMessage? Parse(string body)
    {
        var text = body.AsSpan().TrimStart();
        try
        {
            return text.IsEmpty ? null
                : text[0] == '{' ? FromJson(body)
                : text[0] == '<' ? FromXml(body)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or XmlException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static PushMessage FromJson(string body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("a push is an object");
        }

        var result = root.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        return new PushMessage(
            Text(root, "Encrypt"),
            Text(root, "Event"),
            Text(root, "trace_id") ?? Text(root, "traceId"),
            result.ValueKind == JsonValueKind.Object ? Text(result, "suggest") : null,
            result.ValueKind == JsonValueKind.Object ? Number(Text(result, "label")) : 0,
            Number(Text(root, "errcode")));
    }

    private static PushMessage FromXml(string body)
    {
        // No DTDs, no external entities: the body is untrusted until its signature is checked, and even then.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1 << 20 };
        using var reader = XmlReader.Create(new StringReader(body), settings);
        var root = XDocument.Load(reader).Root ?? throw new XmlException("no root");
        var result = root.Element("result");
        return new PushMessage(
            root.Element("Encrypt")?.Value,
            root.Element("Event")?.Value,
            root.Element("trace_id")?.Value ?? root.Element("traceId")?.Value,
            result?.Element("suggest")?.Value,
            Number(result?.Element("label")?.Value),
            Number(root.Element("errcode")?.Value));
    }

    /// <summary>A string or a number as text (WeChat sends labels either way).</summary>
    private static string? Text(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;

    private static int Number(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
