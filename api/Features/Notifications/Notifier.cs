using System.Globalization;
using Dapper;
using System.Text.Json;
using MaShangYi.Api.Infrastructure.Database;
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

    /// <summary>
    /// Queues on <paramref name="script"/> the <paramref name="templateKey"/> message to each of <paramref name="recipients"/>
    /// who holds a credit, and takes the credit: no read of its own, so it rides in the change's write round trip. The
    /// credit rows are locked first, in user order (so two changes notifying overlapping people take them in the same
    /// order); the messages are then written for, and the credits taken from, exactly the rows still holding one.
    /// </summary>
    public void Queue(ChangeScript script, string templateKey, IEnumerable<long> recipients, IReadOnlyDictionary<string, object> values, long topicId, DateTime now)
    {
        var ids = recipients.Distinct().Order().ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        var template = options.Value.Templates[templateKey];
        var data = TemplateFields.Render(template.Fields, values);
        var page = PageOf(template, topicId);
        var n = script.UniqueName("msg");
        var args = new DynamicParameters();
        var rows = SqlRows.Select(args, n, ids, ["user_id", "payload"],
            id => [id, JsonSerializer.Serialize(new SubscribeNotice(id, templateKey, template.TemplateId, page, data), Outbox.Json)]);
        args.Add(n + "template", template.TemplateId);
        args.Add(n + "ids", ids);
        args.Add(n + "kind", Kind);
        args.Add(n + "now", now);
        script.Add($"""
            UPDATE subscription_credits SET credits = credits WHERE template_id = @{n}template AND user_id IN @{n}ids AND credits > 0 ORDER BY user_id;
            INSERT INTO outbox (kind, payload, status, next_attempt_at, created_at)
            SELECT @{n}kind, v.payload, 'pending', @{n}now, @{n}now
            FROM ({rows}) v JOIN subscription_credits c ON c.template_id = @{n}template AND c.user_id = v.user_id AND c.credits > 0
            ORDER BY c.user_id;
            UPDATE subscription_credits SET credits = credits - 1, updated_at = @{n}now WHERE template_id = @{n}template AND user_id IN @{n}ids AND credits > 0;
            """, args);
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
