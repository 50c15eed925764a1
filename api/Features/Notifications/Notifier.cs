using System.Globalization;
using Dapper;
using MaShangYi.Api.Infrastructure.Outbox;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace MaShangYi.Api.Features.Notifications;

/// <summary>What the outbox keeps for one message: who, which template, and the data already fitted to it.</summary>
public sealed record SubscribeNotice(long UserId, string TemplateKey, string TemplateId, string Page, Dictionary<string, string> Data);

/// <summary>
/// Writes subscribe messages to the outbox inside the caller's transaction, one per recipient who has a credit for the
/// template — and takes that credit in the same transaction. WeChat allows one message per acceptance, so a message is
/// never written without a credit and a credit is never spent without a message.
/// </summary>
public sealed class Notifier(IOptions<NotificationOptions> options)
{
    public const string Kind = "wechat_subscribe";

    /// <summary>
    /// Enqueues the <paramref name="templateKey"/> message for each recipient holding a credit; returns how many were written.
    /// With <paramref name="dedupeKey"/> (per recipient), a message already written once is not written, and costs nothing, again.
    /// </summary>
    public async Task<int> NotifyAsync(
        MySqlConnection connection, MySqlTransaction tx, string templateKey, IEnumerable<long> recipients, IReadOnlyDictionary<string, object> values,
        long topicId, DateTime now, CancellationToken ct, Func<long, string>? dedupeKey = null)
    {
        var template = options.Value.Templates[templateKey];
        var ids = recipients.Distinct().Order().ToArray();
        if (ids.Length == 0)
        {
            return 0;
        }

        // Locked in user order, so two changes notifying overlapping people take the rows in the same order.
        var holders = (await connection.QueryAsync<long>(new CommandDefinition(
            """
            SELECT user_id FROM subscription_credits
            WHERE template_id = @TemplateId AND user_id IN @ids AND credits > 0
            ORDER BY user_id
            FOR UPDATE
            """,
            new { template.TemplateId, ids }, tx, cancellationToken: ct))).AsList();
        if (holders.Count == 0)
        {
            return 0;
        }

        var data = TemplateFields.Render(template.Fields, values);
        var page = template.Page.Replace("{topicId}", topicId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var spent = new List<long>();
        foreach (var userId in holders)
        {
            var notice = new SubscribeNotice(userId, templateKey, template.TemplateId, page, data);
            if (await Outbox.EnqueueAsync(connection, tx, Kind, notice, now, dedupeKey?.Invoke(userId), ct: ct))
            {
                spent.Add(userId);
            }
        }

        if (spent.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE subscription_credits SET credits = credits - 1, updated_at = @now WHERE template_id = @TemplateId AND user_id IN @spent",
                new { now, template.TemplateId, spent }, tx, cancellationToken: ct));
        }

        return spent.Count;
    }
}
