using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Api.Features.Topics;

public enum ContentOutcome
{
    /// <summary>Passed: published as it is.</summary>
    Visible,
    /// <summary>Stored but held for a person to look at: WeChat said review, or could not be asked.</summary>
    Held,
    /// <summary>Refused: nothing is stored.</summary>
    Refused,
}

/// <summary>
/// User text goes through WeChat's content check before it becomes visible (DESIGN §7). When WeChat cannot be
/// reached the text is kept and held for moderation: never silently published, never lost.
/// </summary>
public sealed class ContentChecks(IWeChatClient wechat, ILogger<ContentChecks> logger)
{
    public async Task<ContentOutcome> CheckAsync(string openId, string? title, string content, TextCheckScene scene, CancellationToken ct)
    {
        try
        {
            var result = await wechat.CheckTextAsync(new TextCheckRequest(openId, content, scene, title), ct);
            return result.Verdict switch
            {
                ContentVerdict.Pass => ContentOutcome.Visible,
                ContentVerdict.Review => ContentOutcome.Held,
                _ => ContentOutcome.Refused,
            };
        }
        catch (WeChatException ex)
        {
            logger.LogWarning("Content check unavailable ({Failure}, errcode {ErrCode}); holding the text for moderation", ex.Failure, ex.ErrCode);
            return ContentOutcome.Held;
        }
    }

    public static string Moderation(ContentOutcome outcome) => outcome == ContentOutcome.Visible ? "visible" : "held";
}
