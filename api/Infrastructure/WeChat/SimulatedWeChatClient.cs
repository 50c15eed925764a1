using System.Security.Cryptography;
using System.Text;
using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Options;
using QRCoder;

namespace MaShangYi.Api.Infrastructure.WeChat;

/// <summary>
/// WeChat without network, for development and CI (no AppID). Login codes map to stable fake openids,
/// code images are plain QR codes of the scene, and content checks pass unless a configured test word appears (image
/// checks: in the file name; their verdict arrives by itself a few seconds later).
/// A few reserved codes reproduce WeChat's login failures so the mini program's error paths can be tried.
/// </summary>
public sealed class SimulatedWeChatClient(IOptions<WeChatOptions> options, SimulatedMediaChecks checks, ILogger<SimulatedWeChatClient> logger)
    : IWeChatClient
{
    public const string InvalidCode = "sim-invalid";
    public const string RateLimitedCode = "sim-rate-limited";
    public const string BusyCode = "sim-busy";

    public Task<WeChatSession> Code2SessionAsync(string jsCode, CancellationToken ct) => jsCode switch
    {
        InvalidCode => throw new WeChatException(WeChatFailure.InvalidCode, 40029, "invalid code (simulated)"),
        RateLimitedCode => throw new WeChatException(WeChatFailure.RateLimited, 45011, "api minute-quota reach limit (simulated)"),
        BusyCode => throw new WeChatException(WeChatFailure.Busy, -1, "system error (simulated)"),
        _ => Task.FromResult(new WeChatSession(OpenIdFor(jsCode), null)),
    };

    /// <summary>The openid a simulated login code maps to: the same code always gives the same user.</summary>
    public static string OpenIdFor(string jsCode) =>
        "sim_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jsCode)))[..24];

    public Task<WxaCodeImage> GetUnlimitedWxaCodeAsync(WxaCodeRequest request, CancellationToken ct)
    {
        var size = Math.Clamp(request.Width / 33, 4, 40);
        using var data = QRCodeGenerator.GenerateQrCode(request.Scene, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(size);
        return Task.FromResult(new WxaCodeImage(png, "image/png"));
    }

    public Task<TextCheckResult> CheckTextAsync(TextCheckRequest request, CancellationToken ct)
    {
        var text = request.Title + "\n" + request.Content;
        var verdict = options.Value.SimulatedRiskyWords.Any(w => text.Contains(w, StringComparison.Ordinal)) ? ContentVerdict.Risky
            : options.Value.SimulatedReviewWords.Any(w => text.Contains(w, StringComparison.Ordinal)) ? ContentVerdict.Review
            : ContentVerdict.Pass;
        return Task.FromResult(new TextCheckResult(verdict, verdict == ContentVerdict.Pass ? 100 : 21000, null));
    }

    public Task SendSubscribeMessageAsync(SubscribeMessage message, CancellationToken ct)
    {
        logger.LogInformation("Simulated subscribe message {TemplateId} to user {OpenId}", message.TemplateId, message.ToOpenId);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Returns a trace id at once; the verdict follows by itself (<see cref="SimulatedMediaChecks"/>). The hint (the
    /// uploaded file's name) decides it: a SimulatedRiskyWords entry or "risky" gives risky, a SimulatedReviewWords entry
    /// or "review" gives review, anything else passes.
    /// </summary>
    public Task<MediaCheckTicket> StartMediaCheckAsync(MediaCheckRequest request, CancellationToken ct)
    {
        var verdict = MediaVerdictFor(request.SimulationHint ?? "");
        var traceId = "sim-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        checks.Schedule(traceId, verdict, verdict == ContentVerdict.Pass ? 100 : 21000);
        logger.LogInformation("Simulated image check {TraceId} started; the verdict will be {Verdict}", traceId, verdict);
        return Task.FromResult(new MediaCheckTicket(traceId));
    }

    private ContentVerdict MediaVerdictFor(string hint) =>
        options.Value.SimulatedRiskyWords.Append("risky").Any(w => hint.Contains(w, StringComparison.OrdinalIgnoreCase)) ? ContentVerdict.Risky
        : options.Value.SimulatedReviewWords.Append("review").Any(w => hint.Contains(w, StringComparison.OrdinalIgnoreCase)) ? ContentVerdict.Review
        : ContentVerdict.Pass;
}
