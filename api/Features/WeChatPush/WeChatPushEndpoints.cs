using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Features.WeChatPush;

/// <summary>
/// WeChat's message push URL (docs/wechat-push.md): the admin console's verification GET, and the pushes themselves
/// in plain or safe mode, JSON or XML. Of the events only <c>wxa_media_check</c> (an image check's verdict) is used;
/// every other event is answered <c>success</c> and ignored, so WeChat does not push it again.
/// </summary>
public static class WeChatPushEndpoints
{
    public const string MediaCheckEvent = "wxa_media_check";

    public static IEndpointRouteBuilder MapWeChatPushEndpoints(this IEndpointRouteBuilder app)
    {
        var push = app.MapGroup("/api/wechat/push").WithTags("WeChat");
        push.MapGet("", Verify)
            .WithSummary("WeChat's check of the push URL: echoes echostr when signature signs [Token, timestamp, nonce]")
            .WithDescription("Called by WeChat only. 401 without the query parameters, 403 with a wrong signature or without WeChat:PushToken.")
            .ProducesProblem(401).ProducesProblem(403);
        push.MapPost("", Receive)
            .WithSummary("A WeChat push (plain or safe mode, JSON or XML); an image check's verdict reaches the photos")
            .WithDescription("Called by WeChat only. Plain mode: signature over [Token, timestamp, nonce]. Safe mode (encrypt_type=aes): msg_signature over [Token, timestamp, nonce, Encrypt], AES-256-CBC with the EncodingAESKey, the AppID must be ours. Answers the text success.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        return app;
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Verify(
        string? signature, string? timestamp, string? nonce, string? echostr, IOptions<WeChatOptions> options)
    {
        var crypto = CryptoOf(options.Value);
        if (crypto is null)
        {
            return NotConfigured();
        }

        if (signature is null || timestamp is null || nonce is null || echostr is null)
        {
            return MissingSignature();
        }

        return crypto.Verifies(signature, timestamp, nonce) ? TypedResults.Text(echostr, "text/plain") : BadSignature();
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Receive(
        string? signature,
        string? timestamp,
        string? nonce,
        [FromQuery(Name = "encrypt_type")] string? encryptType,
        [FromQuery(Name = "msg_signature")] string? msgSignature,
        HttpContext http,
        IOptions<WeChatOptions> options,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var crypto = CryptoOf(options.Value);
        if (crypto is null)
        {
            return NotConfigured();
        }

        var safe = string.Equals(encryptType, "aes", StringComparison.OrdinalIgnoreCase);
        if (!safe && encryptType is not (null or "" or "raw"))
        {
            return Malformed();
        }

        signature = safe ? msgSignature : signature;
        if (signature is null || timestamp is null || nonce is null)
        {
            return MissingSignature();
        }

        if (!safe && !crypto.Verifies(signature, timestamp, nonce))
        {
            return BadSignature();
        }

        if (safe && !crypto.CanDecrypt)
        {
            return ApiProblem.Create(StatusCodes.Status403Forbidden, "push_safe_mode_not_configured", "消息推送安全模式未配置（缺少 EncodingAESKey）。");
        }

        using var reader = new StreamReader(http.Request.Body);
        if (PushMessage.Parse(await reader.ReadToEndAsync(ct)) is not { } outer || (safe && outer.Encrypt is null))
        {
            return Malformed();
        }

        var message = outer;
        if (safe)
        {

            if (!crypto.Verifies(signature, timestamp, nonce, outer.Encrypt!))
            {
                return BadSignature();
            }

            switch (crypto.TryDecrypt(outer.Encrypt, out var plain))
            {
                case PushDecryptFailure.WrongAppId:
                    return ApiProblem.Create(StatusCodes.Status403Forbidden, "push_wrong_appid", "消息推送不属于本小程序。");
                case PushDecryptFailure.Malformed:
                    return ApiProblem.BadRequest("push_decrypt_failed", "消息推送内容无法解密。");
            }

            if (PushMessage.Parse(plain) is not { } inner)
            {
                return Malformed();
            }

            message = inner;
        }

        if (message.Event == MediaCheckEvent)
        {
            await ApplyMediaCheckAsync(message, http.RequestServices, loggers.CreateLogger(typeof(WeChatPushEndpoints)), ct);
        }

        return TypedResults.Text("success", "text/plain");
    }

    /// <summary>
    /// Hands a verdict to the photos. A push without a usable verdict (WeChat could not fetch the image, an unknown
    /// suggest) is logged and left: the photo stays <c>checking</c> and reaches the moderation queue after 30 minutes.
    /// </summary>
    private static async Task ApplyMediaCheckAsync(PushMessage message, IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        ContentVerdict? verdict = message.Suggest switch
        {
            "pass" => ContentVerdict.Pass,
            "review" => ContentVerdict.Review,
            "risky" => ContentVerdict.Risky,
            _ => null,
        };
        if (string.IsNullOrEmpty(message.TraceId) || verdict is null)
        {
            logger.LogWarning("WeChat image check push without a usable verdict (trace {TraceId}, errcode {ErrCode}, suggest {Suggest}); left for moderation",
                message.TraceId, message.ErrCode, message.Suggest);
            return;
        }

        if (services.GetService<IMediaCheckVerdicts>() is not { } verdicts)
        {
            logger.LogWarning("WeChat image check {TraceId}: {Verdict}, but nothing receives verdicts (no IMediaCheckVerdicts); dropped", message.TraceId, verdict);
            return;
        }

        await verdicts.ApplyAsync(message.TraceId, verdict.Value, message.Label, ct);
        logger.LogInformation("WeChat image check {TraceId}: {Verdict} (label {Label})", message.TraceId, verdict, message.Label);
    }

    private static PushCrypto? CryptoOf(WeChatOptions options) =>
        string.IsNullOrEmpty(options.PushToken) ? null : new PushCrypto(options.PushToken, options.PushEncodingAesKey, options.AppId ?? "");

    private static ProblemHttpResult NotConfigured() =>
        ApiProblem.Create(StatusCodes.Status403Forbidden, "push_not_configured", "消息推送未配置。");

    private static ProblemHttpResult MissingSignature() =>
        ApiProblem.Create(StatusCodes.Status401Unauthorized, "push_signature_missing", "缺少消息推送签名。");

    private static ProblemHttpResult BadSignature() =>
        ApiProblem.Create(StatusCodes.Status403Forbidden, "push_signature_invalid", "消息推送签名无效。");

    private static ProblemHttpResult Malformed() =>
        ApiProblem.BadRequest("push_malformed", "消息推送内容无法解析。");
}
