using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace MaShangYi.Api.Infrastructure.WeChat;

/// <summary>
/// WeChat's server APIs over HTTP (reference/wechat-api.md). Transport failures become
/// <see cref="WeChatFailure.Unreachable"/>; a stale access token is renewed and the call retried once.
/// Retries of transient failures live in the resilience pipeline (WeChatHttpSetup), not here.
/// </summary>
public sealed class WeChatClient(HttpClient http, StableTokenProvider tokens, IOptions<WeChatOptions> options) : IWeChatClient
{
    private readonly WeChatOptions _options = options.Value;

    public async Task<WeChatSession> Code2SessionAsync(string jsCode, CancellationToken ct)
    {
        var url = "sns/jscode2session?appid=" + Uri.EscapeDataString(_options.AppId)
            + "&secret=" + Uri.EscapeDataString(_options.AppSecret)
            + "&js_code=" + Uri.EscapeDataString(jsCode)
            + "&grant_type=authorization_code";
        using var response = await SendAsync(http, () => new HttpRequestMessage(HttpMethod.Get, url), ct);
        var body = await ReadJsonAsync<Code2SessionResponse>(response, ct);
        // Success carries no errcode at all; the session_key in it is read by nobody and dropped here.
        if (body.ErrCode != 0 || string.IsNullOrEmpty(body.OpenId))
        {
            throw WeChatErrors.Exception(body.ErrCode == 0 ? -2 : body.ErrCode, body.ErrMsg ?? "no openid in code2Session response");
        }

        return new WeChatSession(body.OpenId, body.UnionId);
    }

    public async Task<WxaCodeImage> GetUnlimitedWxaCodeAsync(WxaCodeRequest request, CancellationToken ct)
    {
        var payload = new Dictionary<string, object>
        {
            ["scene"] = request.Scene,
            ["page"] = request.Page,
            ["check_path"] = request.CheckPath,
            ["env_version"] = request.EnvVersion,
            ["width"] = request.Width,
        };
        return await WithTokenAsync(async token =>
        {
            using var response = await SendAsync(http, () => Post("wxa/getwxacodeunlimit", token, payload), ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            var contentType = response.Content.Headers.ContentType?.MediaType ?? "";
            // Success is image bytes, failure is JSON: decide by Content-Type and confirm by magic bytes, never by size.
            if (contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && ImageType(bytes) is { } type)
            {
                return (new WxaCodeImage(bytes, type), 0, (string?)null);
            }

            var error = ParseError(bytes);
            return ((WxaCodeImage?)null, error.ErrCode == 0 ? -2 : error.ErrCode, error.ErrMsg ?? $"not an image ({contentType})");
        }, ct);
    }

    public async Task<TextCheckResult> CheckTextAsync(TextCheckRequest request, CancellationToken ct)
    {
        var payload = new Dictionary<string, object?>
        {
            ["version"] = 2,
            ["openid"] = request.OpenId,
            ["scene"] = (int)request.Scene,
            ["content"] = request.Content,
        };
        if (request.Title is not null)
        {
            payload["title"] = request.Title;
        }

        return await WithTokenAsync(async token =>
        {
            using var response = await SendAsync(http, () => Post("wxa/msg_sec_check", token, payload), ct);
            using var json = ParseDocument(await response.Content.ReadAsByteArrayAsync(ct));
            var root = json.RootElement;
            var errCode = root.TryGetProperty("errcode", out var e) && e.TryGetInt32(out var code) ? code : 0;
            if (errCode != 0)
            {
                return ((TextCheckResult?)null, errCode, root.TryGetProperty("errmsg", out var m) ? m.GetString() : null);
            }

            // errcode 0 only means the call worked; the verdict is result.suggest.
            if (!root.TryGetProperty("result", out var result) || !result.TryGetProperty("suggest", out var suggest))
            {
                return (null, -2, "msg_sec_check answered without result.suggest");
            }

            var verdict = suggest.GetString() switch
            {
                "pass" => ContentVerdict.Pass,
                "review" => ContentVerdict.Review,
                "risky" => ContentVerdict.Risky,
                var other => throw new WeChatException(WeChatFailure.Other, -2, $"unknown suggest '{other}'"),
            };
            return (new TextCheckResult(verdict, Label(result), root.TryGetProperty("trace_id", out var t) ? t.GetString() : null), 0, null);
        }, ct);
    }

    public async Task<MediaCheckTicket> StartMediaCheckAsync(MediaCheckRequest request, CancellationToken ct)
    {
        var payload = new Dictionary<string, object>
        {
            ["media_url"] = request.MediaUrl,
            ["media_type"] = 2, // image
            ["version"] = 2,
            ["openid"] = request.OpenId,
            ["scene"] = (int)request.Scene,
        };
        return await WithTokenAsync(async token =>
        {
            // A retried call at worst starts a second check; its verdict names a trace id nobody stored and is ignored.
            using var response = await SendAsync(http, () => Post("wxa/media_check_async", token, payload), ct);
            using var json = ParseDocument(await response.Content.ReadAsByteArrayAsync(ct));
            var root = json.RootElement;
            var errCode = root.TryGetProperty("errcode", out var e) && e.TryGetInt32(out var code) ? code : 0;
            if (errCode != 0)
            {
                return ((MediaCheckTicket?)null, errCode, root.TryGetProperty("errmsg", out var m) ? m.GetString() : null);
            }

            // The HTTPS answer says trace_id; some callers report traceId. Without one the verdict could never be matched.
            var traceId = root.TryGetProperty("trace_id", out var t) || root.TryGetProperty("traceId", out t)
                ? (t.ValueKind == JsonValueKind.String ? t.GetString() : null)
                : null;
            return string.IsNullOrEmpty(traceId)
                ? (null, -2, "media_check_async answered without a trace_id")
                : (new MediaCheckTicket(traceId), 0, null);
        }, ct);
    }

    public async Task SendSubscribeMessageAsync(SubscribeMessage message, CancellationToken ct)
    {
        var payload = new Dictionary<string, object?>
        {
            ["touser"] = message.ToOpenId,
            ["template_id"] = message.TemplateId,
            ["data"] = message.Data.ToDictionary(kv => kv.Key, kv => new { value = kv.Value }),
            ["lang"] = "zh_CN",
        };
        if (message.Page is not null)
        {
            payload["page"] = message.Page;
        }

        if (message.MiniProgramState is not null)
        {
            payload["miniprogram_state"] = message.MiniProgramState;
        }

        await WithTokenAsync(async token =>
        {
            using var response = await SendAsync(http, () => Post("cgi-bin/message/subscribe/send", token, payload, retryable: false), ct);
            var error = ParseError(await response.Content.ReadAsByteArrayAsync(ct));
            return (error.ErrCode == 0 ? (object?)true : null, error.ErrCode, error.ErrMsg);
        }, ct);
    }

    /// <summary>Runs a call with the shared access token; on a stale-token answer renews it and runs the call once more.</summary>
    private async Task<T> WithTokenAsync<T>(Func<string, Task<(T? Result, int ErrCode, string? ErrMsg)>> call, CancellationToken ct)
        where T : class
    {
        var token = await tokens.GetAsync(ct);
        var (result, errCode, errMsg) = await call(token);
        if (result is null && WeChatErrors.IsStaleToken(errCode))
        {
            (result, errCode, errMsg) = await call(await tokens.RenewAsync(token, ct));
        }

        return result ?? throw WeChatErrors.Exception(errCode, errMsg);
    }

    private static HttpRequestMessage Post(string path, string token, object payload, bool retryable = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path + "?access_token=" + Uri.EscapeDataString(token))
        {
            Content = JsonContent.Create(payload),
        };
        if (!retryable)
        {
            request.Options.Set(WeChatHttpSetup.NoRetry, true);
        }

        return request;
    }

    /// <summary>Sends a request; timeouts, connection failures and 5xx answers become <see cref="WeChatFailure.Unreachable"/>.</summary>
    internal static async Task<HttpResponseMessage> SendAsync(HttpClient http, Func<HttpRequestMessage> create, CancellationToken ct)
    {
        using var request = create();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new WeChatException(WeChatFailure.Unreachable, -2, "WeChat unreachable: " + ex.GetType().Name, ex);
        }

        if ((int)response.StatusCode >= 500)
        {
            response.Dispose();
            throw new WeChatException(WeChatFailure.Unreachable, -2, $"WeChat answered HTTP {(int)response.StatusCode}");
        }

        return response;
    }

    internal static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ct) ?? throw new JsonException("empty body");
        }
        catch (JsonException ex)
        {
            throw new WeChatException(WeChatFailure.Other, -2, "WeChat answered with something that is not JSON", ex);
        }
    }

    private static JsonDocument ParseDocument(byte[] bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            // A proxy's HTML error page must surface as a WeChat failure callers map, not as a bare parser error.
            throw new WeChatException(WeChatFailure.Other, -2, "WeChat answered with something that is not JSON", ex);
        }
    }

    private static ErrorResponse ParseError(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<ErrorResponse>(bytes) ?? new ErrorResponse(-2, "empty body");
        }
        catch (JsonException)
        {
            return new ErrorResponse(-2, "WeChat answered with something that is neither an image nor JSON");
        }
    }

    private static string? ImageType(byte[] bytes) => bytes switch
    {
        [0xFF, 0xD8, ..] => "image/jpeg",
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        _ => null,
    };

    // result.label comes as a number or a string depending on the day; accept both.
    private static int Label(JsonElement result) =>
        !result.TryGetProperty("label", out var label) ? 0
        : label.ValueKind == JsonValueKind.Number && label.TryGetInt32(out var n) ? n
        : label.ValueKind == JsonValueKind.String && int.TryParse(label.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s
        : 0;

    private sealed record Code2SessionResponse(
        [property: JsonPropertyName("openid")] string? OpenId,
        [property: JsonPropertyName("unionid")] string? UnionId,
        [property: JsonPropertyName("errcode")] int ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg);

    private sealed record ErrorResponse(
        [property: JsonPropertyName("errcode")] int ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg);
}
