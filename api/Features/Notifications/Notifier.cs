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

    /// <summary>One message of a template: its recipients, its values and the topic it opens.</summary>
    public sealed record Notice(IEnumerable<long> Recipients, IReadOnlyDictionary<string, object> Values, long TopicId);

    private sealed record CreditRow(long UserId, int Credits);

    /// <summary>
    /// Enqueues the <paramref name="templateKey"/> message for each recipient holding a credit; returns how many were written.
    /// With <paramref name="dedupeKey"/> (per recipient), a message already written once is not written, and costs nothing, again.
    /// </summary>
    public async Task<int> NotifyAsync(
        MySqlConnection connection, MySqlTransaction tx, string templateKey, IEnumerable<long> recipients, IReadOnlyDictionary<string, object> values,
        long topicId, DateTime now, CancellationToken ct, Func<long, string>? dedupeKey = null)
    {
        if (dedupeKey is null)
        {
            return await NotifyAsync(connection, tx, templateKey, [new Notice(recipients, values, topicId)], now, ct);
        }

        var template = options.Value.Templates[templateKey];
        var ids = recipients.Distinct().Order().ToArray();
        if (ids.Length == 0)
        {
            return 0;
        }

        // Locked in user order, so two changes notifying overlapping people take the rows in the same order.
        var holders = (await LockCreditsAsync(connection, tx, template.TemplateId, ids, ct)).Keys;
        var spent = new List<long>();
        foreach (var userId in holders)
        {
            var notice = new SubscribeNotice(userId, templateKey, template.TemplateId, PageOf(template, topicId), TemplateFields.Render(template.Fields, values));
            if (await Outbox.EnqueueAsync(connection, tx, Kind, notice, now, dedupeKey(userId), ct: ct))
            {
                spent.Add(userId);
            }
        }

        await SpendAsync(connection, tx, template.TemplateId, spent.ToDictionary(id => id, _ => 1), now, ct);
        return spent.Count;
    }

    /// <summary>
    /// Enqueues the <paramref name="templateKey"/> message of each of <paramref name="notices"/> (several changes in one
    /// transaction) to those of its recipients who still hold a credit, taking the credits in notice order, in three
    /// statements for all of them; returns how many were written.
    /// </summary>
    public async Task<int> NotifyAsync(
        MySqlConnection connection, MySqlTransaction tx, string templateKey, IReadOnlyList<Notice> notices, DateTime now, CancellationToken ct)
    {
        var template = options.Value.Templates[templateKey];
        var perNotice = notices.Select(n => n.Recipients.Distinct().Order().ToArray()).ToList();
        var ids = perNotice.SelectMany(r => r).Distinct().Order().ToArray();
        if (ids.Length == 0)
        {
            return 0;
        }

        var credits = await LockCreditsAsync(connection, tx, template.TemplateId, ids, ct);
        var messages = new List<object>();
        var spent = new Dictionary<long, int>();
        for (var i = 0; i < notices.Count; i++)
        {
            Dictionary<string, string>? data = null;
            foreach (var userId in perNotice[i].Where(id => credits.GetValueOrDefault(id) > 0))
            {
                credits[userId]--;
                spent[userId] = spent.GetValueOrDefault(userId) + 1;
                data ??= TemplateFields.Render(template.Fields, notices[i].Values);
                messages.Add(new SubscribeNotice(userId, templateKey, template.TemplateId, PageOf(template, notices[i].TopicId), data));
            }
        }

        await Outbox.EnqueueAsync(connection, tx, Kind, messages, now, ct);
        await SpendAsync(connection, tx, template.TemplateId, spent, now, ct);
        return messages.Count;
    }

    private static string PageOf(NotificationTemplate template, long topicId) =>
        template.Page.Replace("{topicId}", topicId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>
    /// The credits left of those of <paramref name="ids"/> who hold any, locked in user order, so two changes notifying
    /// overlapping people take the rows in the same order.
    /// </summary>
    private static async Task<Dictionary<long, int>> LockCreditsAsync(MySqlConnection connection, MySqlTransaction tx, string templateId, long[] ids, CancellationToken ct) =>
        (await connection.QueryAsync<CreditRow>(new CommandDefinition(
            """
            SELECT user_id AS UserId, credits AS Credits FROM subscription_credits
            WHERE template_id = @templateId AND user_id IN @ids AND credits > 0
            ORDER BY user_id
            FOR UPDATE
            """,
            new { templateId, ids }, tx, cancellationToken: ct))).ToDictionary(c => c.UserId, c => c.Credits);

    /// <summary>Takes the credits spent on messages just written: per user, how many.</summary>
    private static async Task SpendAsync(MySqlConnection connection, MySqlTransaction tx, string templateId, Dictionary<long, int> spent, DateTime now, CancellationToken ct)
    {
        foreach (var group in spent.GroupBy(s => s.Value, s => s.Key))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE subscription_credits SET credits = credits - @count, updated_at = @now WHERE template_id = @templateId AND user_id IN @users",
                new { count = group.Key, now, templateId, users = group.Order().ToArray() }, tx, cancellationToken: ct));
        }
    }
}
