using Dapper;
using MaShangYi.Api.Infrastructure.Outbox;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.Extensions.Options;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Notifications;

/// <summary>
/// Sends the subscribe messages of the outbox. 43101 means WeChat holds no acceptance of this user for the template
/// any more: the message is dropped and the user's credits for it set to 0 (never retried). Bad data is dropped, and
/// the credit given back — WeChat did not spend the acceptance. WeChat busy or unreachable is retried with backoff.
/// </summary>
public sealed class SubscribeMessageHandler(IWeChatClient wechat, MySqlDataSource db, IOptions<NotificationOptions> options, TimeProvider clock) : IOutboxHandler
{
    public string Kind => Notifier.Kind;

    /// <summary>
    /// At most once: WeChat allows one message per acceptance, so a second copy of a message that may have gone out
    /// would spend the resident's next acceptance, and a later notice would be refused (43101). The hand-over is marked
    /// after the recipient is read, right before WeChat is called: a failure before it is retried, not in doubt.
    /// </summary>
    public bool SendAgainWhenInDoubt => false;

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken ct)
    {
        var notice = item.Read<SubscribeNotice>();
        string? openId;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            openId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT openid FROM users WHERE id = @UserId", new { notice.UserId }, cancellationToken: ct));
        }

        if (openId is null)
        {
            return OutboxResult.Drop("the user no longer exists");
        }

        if (!await item.HandOverAsync(ct))
        {
            return OutboxResult.Retry("the claim ran out before the send; another instance holds the message");
        }

        try
        {
            await wechat.SendSubscribeMessageAsync(
                new SubscribeMessage(openId, notice.TemplateId, notice.Page, notice.Data, options.Value.MiniProgramState), ct);
            return OutboxResult.Sent;
        }
        catch (WeChatException ex) when (ex.Failure == WeChatFailure.SubscriptionRefused)
        {
            await UpdateCreditsAsync(ZeroCredits, notice, ct);
            return OutboxResult.Drop($"{ex.ErrCode}: the user refused or has no acceptance left; credits set to 0");
        }
        catch (WeChatException ex) when (ex.Failure == WeChatFailure.InvalidArgument)
        {
            await UpdateCreditsAsync(GiveCreditBack, notice, ct);
            return OutboxResult.Drop($"{ex.ErrCode}: {ex.ErrMsg}");
        }
        catch (WeChatException ex)
        {
            return OutboxResult.Retry($"{ex.Failure} {ex.ErrCode}: {ex.ErrMsg}");
        }
    }

    private const string ZeroCredits =
        "UPDATE subscription_credits SET credits = 0, updated_at = @now WHERE user_id = @UserId AND template_id = @TemplateId";

    private const string GiveCreditBack =
        "UPDATE subscription_credits SET credits = credits + 1, updated_at = @now WHERE user_id = @UserId AND template_id = @TemplateId";

    private async Task UpdateCreditsAsync(string sql, SubscribeNotice notice, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            sql,
            new { now = clock.StoredNow(), notice.UserId, notice.TemplateId }, cancellationToken: ct));
    }
}
