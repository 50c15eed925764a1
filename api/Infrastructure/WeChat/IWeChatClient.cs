namespace MaShangYi.Api.Infrastructure.WeChat;

/// <summary>
/// The few WeChat server APIs the service needs. <see cref="WeChatClient"/> calls WeChat over HTTP;
/// <see cref="SimulatedWeChatClient"/> implements the same contract without network for development and CI.
/// Failures surface as <see cref="WeChatException"/> with a <see cref="WeChatFailure"/> kind callers can map.
/// </summary>
public interface IWeChatClient
{
    /// <summary>Exchanges a <c>wx.login</c> code for the user's openid (code2Session). The session_key is dropped here.</summary>
    Task<WeChatSession> Code2SessionAsync(string jsCode, CancellationToken ct);

    /// <summary>Creates a mini program code image carrying <see cref="WxaCodeRequest.Scene"/> (getwxacodeunlimit).</summary>
    Task<WxaCodeImage> GetUnlimitedWxaCodeAsync(WxaCodeRequest request, CancellationToken ct);

    /// <summary>Text content security check (msg_sec_check v2); the verdict comes from <c>result.suggest</c>.</summary>
    Task<TextCheckResult> CheckTextAsync(TextCheckRequest request, CancellationToken ct);

    /// <summary>Sends a subscribe message; never retried at the HTTP level (a retry could deliver twice).</summary>
    Task SendSubscribeMessageAsync(SubscribeMessage message, CancellationToken ct);

    /// <summary>
    /// Starts WeChat's asynchronous image check (media_check_async v2, media_type 2). WeChat fetches
    /// <see cref="MediaCheckRequest.MediaUrl"/> and pushes its verdict, matched by the returned trace id, to the
    /// message push URL, where it reaches <see cref="IMediaCheckVerdicts"/>.
    /// </summary>
    Task<MediaCheckTicket> StartMediaCheckAsync(MediaCheckRequest request, CancellationToken ct);
}

/// <summary>An image to check. <paramref name="SimulationHint"/> (e.g. the uploaded file's name) only steers the simulation.</summary>
public sealed record MediaCheckRequest(string OpenId, string MediaUrl, TextCheckScene Scene, string? SimulationHint = null);

public sealed record MediaCheckTicket(string TraceId);

/// <summary>Receives image check verdicts: pushed by WeChat in Real mode, produced by the simulation otherwise.</summary>
public interface IMediaCheckVerdicts
{
    Task ApplyAsync(string traceId, ContentVerdict verdict, int label, CancellationToken ct);
}

/// <summary>The identity code2Session returns. The session_key is deliberately not carried.</summary>
public sealed record WeChatSession(string OpenId, string? UnionId);

public sealed record WxaCodeRequest(string Scene, string Page, string EnvVersion, int Width = 430, bool CheckPath = true);

public sealed record WxaCodeImage(byte[] Bytes, string ContentType);

public enum TextCheckScene
{
    Profile = 1,
    Comment = 2,
    Forum = 3,
    SocialLog = 4,
}

public enum ContentVerdict
{
    Pass,
    Review,
    Risky,
}

public sealed record TextCheckRequest(string OpenId, string Content, TextCheckScene Scene, string? Title = null);

public sealed record TextCheckResult(ContentVerdict Verdict, int Label, string? TraceId);

public sealed record SubscribeMessage(
    string ToOpenId,
    string TemplateId,
    string? Page,
    IReadOnlyDictionary<string, string> Data,
    string? MiniProgramState = null);

/// <summary>What went wrong with a WeChat call, in terms callers act on.</summary>
public enum WeChatFailure
{
    /// <summary>40029: the login code is invalid, used or expired.</summary>
    InvalidCode,
    /// <summary>45011 / 45009: WeChat's rate limit.</summary>
    RateLimited,
    /// <summary>-1: WeChat is busy; try again later.</summary>
    Busy,
    /// <summary>Timeout, connection failure or a 5xx from WeChat.</summary>
    Unreachable,
    /// <summary>40226: WeChat blocks this high-risk user from logging in.</summary>
    HighRiskUser,
    /// <summary>43101: the user refused, or has no remaining acceptance for the template.</summary>
    SubscriptionRefused,
    /// <summary>Bad arguments (scene, page, template data, openid).</summary>
    InvalidArgument,
    /// <summary>The AppID/secret are wrong or the access token could not be had.</summary>
    Credentials,
    /// <summary>Any other error code.</summary>
    Other,
}

public sealed class WeChatException : Exception
{
    public WeChatException(WeChatFailure failure, int errCode, string? errMsg, Exception? inner = null)
        : base($"WeChat call failed: {failure} (errcode {errCode}: {errMsg})", inner)
    {
        Failure = failure;
        ErrCode = errCode;
        ErrMsg = errMsg;
    }

    public WeChatFailure Failure { get; }

    public int ErrCode { get; }

    public string? ErrMsg { get; }
}
