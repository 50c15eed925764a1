namespace MaShangYi.Api.Infrastructure.WeChat;

/// <summary>WeChat's error codes (reference/wechat-api.md) in the terms callers act on.</summary>
internal static class WeChatErrors
{
    /// <summary>The access token is invalid, expired or not the latest: refresh it and retry the call once.</summary>
    public static bool IsStaleToken(int errCode) => errCode is 40001 or 42001 or 40014;

    public static WeChatFailure Classify(int errCode) => errCode switch
    {
        -1 => WeChatFailure.Busy,
        40029 or 40163 => WeChatFailure.InvalidCode,
        45011 or 45009 => WeChatFailure.RateLimited,
        40226 => WeChatFailure.HighRiskUser,
        43101 => WeChatFailure.SubscriptionRefused,
        47003 or 40037 or 40003 or 41030 or 40169 or 40129 or 44002 or 44004 or 47001 or 87014 => WeChatFailure.InvalidArgument,
        40013 or 40125 or 40164 or 41002 or 41004 or 45063 or 48001 or 61024 => WeChatFailure.Credentials,
        _ when IsStaleToken(errCode) => WeChatFailure.Credentials,
        _ => WeChatFailure.Other,
    };

    public static WeChatException Exception(int errCode, string? errMsg) => new(Classify(errCode), errCode, errMsg);
}
