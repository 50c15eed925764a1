using System.Text.Json;
using FluentValidation;

namespace MaShangYi.Api.Features.Channels;

/// <summary>
/// POST /open311/v2/requests.json, as Open311 sends it (application/x-www-form-urlencoded, attributes as
/// <c>attribute[region_code]</c>) or as JSON (the same names, attributes in an <c>attribute</c> object).
/// Our extensions: <c>channel_request_id</c> (the channel's own id; required, makes the call idempotent) and <c>title</c>.
/// </summary>
public sealed record Open311Request(IReadOnlyDictionary<string, string> Fields, IReadOnlyList<string> Unknown, string? BodyError)
{
    /// <summary>Open311 arguments we accept but do not use (no map, no e-mail, no media).</summary>
    private static readonly HashSet<string> Ignored = ["api_key", "jurisdiction_id", "lat", "long", "address_id", "email", "device_id", "account_id", "media_url"];

    private static readonly HashSet<string> Used =
    [
        "service_code", "description", "title", "channel_request_id", "address_string", "first_name", "last_name", "phone",
        "attribute[region_code]", "attribute[room_id]", "attribute[room_scene]",
    ];

    public string? this[string name] => Fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public string? ServiceCode => this["service_code"];

    public string? Description => this["description"];

    public string? ChannelRequestId => this["channel_request_id"];

    public string? RegionCode => this["attribute[region_code]"];

    public string? RoomScene => this["attribute[room_scene]"];

    public string? RoomIdText => this["attribute[room_id]"];

    /// <summary>A 12345 caller's name as one string, family name first (姓 + 名).</summary>
    public string? CallerName => (this["last_name"] + this["first_name"]) is { Length: > 0 } name ? name : null;

    public static async ValueTask<Open311Request?> BindAsync(HttpContext http)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            if (http.Request.HasFormContentType)
            {
                foreach (var (key, value) in await http.Request.ReadFormAsync(http.RequestAborted))
                {
                    fields[key] = value.ToString();
                }
            }
            else if (http.Request.HasJsonContentType())
            {
                using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    if (property.Name == "attribute" && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var attribute in property.Value.EnumerateObject())
                        {
                            fields[$"attribute[{attribute.Name}]"] = Scalar(attribute.Value);
                        }
                    }
                    else
                    {
                        fields[property.Name] = Scalar(property.Value);
                    }
                }
            }
            else
            {
                return new Open311Request(fields, [], "请以 application/x-www-form-urlencoded 或 application/json 提交。");
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or InvalidDataException or FormatException)
        {
            return new Open311Request(fields, [], "请求内容无法解析。");
        }

        var unknown = fields.Keys.Where(k => !Used.Contains(k) && !Ignored.Contains(k)).Order(StringComparer.Ordinal).ToList();
        return new Open311Request(fields, unknown, null);
    }

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Null => "",
        _ => throw new JsonException("Open311 arguments are strings or numbers."),
    };

    internal sealed class Validator : AbstractValidator<Open311Request>
    {
        public Validator()
        {
            RuleFor(x => x.BodyError).Null().WithMessage(x => x.BodyError!).OverridePropertyName("body");
            RuleFor(x => x.Unknown).Empty().WithMessage(x => $"不认识的参数：{string.Join("、", x.Unknown)}。").OverridePropertyName("body");
            When(x => x.BodyError is null, () =>
            {
                RuleFor(x => x.ServiceCode).Must(v => long.TryParse(v, out var id) && id > 0).WithMessage("请填写有效的 service_code（见 services.json）。")
                    .OverridePropertyName("service_code");
                RuleFor(x => x.Description).Must(v => v is { Length: >= 5 and <= 2000 }).WithMessage("description 须为 5 到 2000 个字。")
                    .OverridePropertyName("description");
                RuleFor(x => x.ChannelRequestId).Must(v => v is { Length: <= 64 }).WithMessage("请填写 channel_request_id（本渠道的工单号，不超过 64 个字符）。")
                    .OverridePropertyName("channel_request_id");
                RuleFor(x => x["title"]).MaximumLength(100).WithMessage("title 不超过 100 个字。").OverridePropertyName("title");
                RuleFor(x => x["address_string"]).MaximumLength(200).WithMessage("address_string 不超过 200 个字。").OverridePropertyName("address_string");
                RuleFor(x => x.CallerName).MaximumLength(50).WithMessage("姓名不超过 50 个字。").OverridePropertyName("last_name");
                RuleFor(x => x["phone"]).Matches(@"^[0-9+\-() ]{3,20}$").WithMessage("请填写正确的电话号码。").OverridePropertyName("phone");
                RuleFor(x => x.RegionCode).Must(v => v is not null).When(x => x.RoomScene is null && x.RoomIdText is null)
                    .WithMessage("请提供 attribute[region_code]（区域代码），或 attribute[room_id] / attribute[room_scene]。").OverridePropertyName("attribute[region_code]");
                RuleFor(x => x.RoomIdText).Must(v => long.TryParse(v, out var id) && id > 0).When(x => x.RoomIdText is not null)
                    .WithMessage("attribute[room_id] 须为议事室编号。").OverridePropertyName("attribute[room_id]");
            });
        }
    }
}
