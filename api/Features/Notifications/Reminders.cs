using System.Globalization;
using Dapper;
using MaShangYi.Api.Infrastructure.Time;
using Microsoft.Extensions.Options;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Background;

namespace MaShangYi.Api.Features.Notifications;

/// <summary>
/// Due-date reminders: an overdue task to the implementers of its unit, a B-class topic whose next-review date has come
/// to the room admins over its room. Each (due item, due date, person) is reminded once — the outbox dedupe key says so —
/// so running again changes nothing, several instances may run at once, and a new due date makes a new reminder.
/// Recipients are found through the topic's region chain (region_l1..l4) against role_grants (role, region_id).
/// </summary>
public sealed class Reminders(MySqlDataSource db, Notifier notifier, IOptions<NotificationOptions> options)
{
    private const int Batch = 500;

    // Only pairs not yet reminded and whose person holds a credit: the list stays short however many items are overdue.
    private const string OverdueTasksSql = """
        SELECT k.id AS ItemId, t.id AS TopicId, k.title AS Title, k.unit AS Detail, k.due_on AS DueOn, k.progress AS Progress, g.user_id AS UserId
        FROM tasks k
        JOIN topics t ON t.id = k.topic_id
        JOIN role_grants g ON g.role = 'implementer' AND g.unit = k.unit AND g.region_id IN (t.region_l1, t.region_l2, t.region_l3, t.region_l4)
        JOIN subscription_credits c ON c.user_id = g.user_id AND c.template_id = @templateId AND c.credits > 0
        WHERE k.progress < 100 AND k.due_on < @today AND k.round = t.round AND t.status = 'implementing'
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = @kind
                          AND o.dedupe_key = CONCAT('task_overdue:', k.id, ':', DATE_FORMAT(k.due_on, '%Y-%m-%d'), ':', g.user_id))
        ORDER BY k.id, g.user_id
        LIMIT @Batch
        """;

    private const string ReviewsDueSql = """
        SELECT t.id AS ItemId, t.id AS TopicId, t.title AS Title, m.name AS Detail, t.next_review_on AS DueOn, 0 AS Progress, g.user_id AS UserId
        FROM topics t
        JOIN rooms m ON m.id = t.room_id
        JOIN role_grants g ON g.role = 'room_admin' AND g.region_id IN (t.region_l1, t.region_l2, t.region_l3, t.region_l4)
        JOIN subscription_credits c ON c.user_id = g.user_id AND c.template_id = @templateId AND c.credits > 0
        WHERE t.classification = 'B' AND t.next_review_on <= @today
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = @kind
                          AND o.dedupe_key = CONCAT('review_due:', t.id, ':', DATE_FORMAT(t.next_review_on, '%Y-%m-%d'), ':', g.user_id))
        ORDER BY t.id, g.user_id
        LIMIT @Batch
        """;

    // Properties rather than a positional record: literal columns come back as INT or BIGINT depending on the server.
    private sealed class DueRow
    {
        public long ItemId { get; init; }
        public long TopicId { get; init; }
        public string Title { get; init; } = "";
        public string Detail { get; init; } = "";
        public DateTime DueOn { get; init; }
        public long Progress { get; init; }
        public long UserId { get; init; }
    }

    /// <summary>Enqueues every reminder due at <paramref name="now"/> not sent before; returns how many were written.</summary>
    public async Task<int> RunAsync(DateTime now, CancellationToken ct)
    {
        var today = LocalDate.Of(now).ToDateTime(TimeOnly.MinValue);
        var written = await RunAsync(NotificationTemplates.TaskOverdue, OverdueTasksSql, today, now, row => new()
        {
            ["task"] = row.Title, ["unit"] = row.Detail, ["due"] = DateOnly.FromDateTime(row.DueOn),
            ["note"] = string.Create(CultureInfo.InvariantCulture, $"已逾期，当前进度{row.Progress}%"),
        }, ct);
        written += await RunAsync(NotificationTemplates.ReviewDue, ReviewsDueSql, today, now, row => new()
        {
            ["topic"] = row.Title, ["room"] = row.Detail, ["due"] = DateOnly.FromDateTime(row.DueOn), ["note"] = "B类议题已到跟踪日期，请跟进",
        }, ct);
        return written;
    }

    private async Task<int> RunAsync(string key, string sql, DateTime today, DateTime now, Func<DueRow, Dictionary<string, object>> values, CancellationToken ct)
    {
        var templateId = options.Value.Templates[key].TemplateId;
        var written = 0;
        await using var connection = await db.OpenConnectionAsync(ct);
        while (true)
        {
            var rows = (await connection.QueryAsync<DueRow>(new CommandDefinition(
                sql, new { templateId, today, kind = Notifier.Kind, Batch }, cancellationToken: ct))).AsList();
            var before = written;
            foreach (var item in rows.GroupBy(r => r.ItemId))
            {
                var first = item.First();
                var due = DateOnly.FromDateTime(first.DueOn).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                await using var tx = await connection.BeginTransactionAsync(ct);
                written += await notifier.NotifyAsync(connection, tx, key, item.Select(r => r.UserId), values(first), first.TopicId, now, ct,
                    userId => string.Create(CultureInfo.InvariantCulture, $"{key}:{first.ItemId}:{due}:{userId}"));
                await tx.CommitAsync(ct);
            }

            // A full batch that wrote something may have more behind it; otherwise the rest waits for the next run.
            if (rows.Count < Batch || written == before)
            {
                return written;
            }
        }
    }
}

/// <summary>Runs the reminders every Notifications:Reminders:IntervalMinutes on every instance that has them enabled.</summary>
public sealed class ReminderWorker(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<ReminderWorker> logger)
    : PollingWorker(scopes, clock, logger)
{
    private readonly TimeProvider _clock = clock;

    protected override string Work => "Reminder run";

    protected override bool Enabled => options.Value.Reminders.Enabled;

    protected override TimeSpan Pause => TimeSpan.FromMinutes(options.Value.Reminders.IntervalMinutes);

    protected override async Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<Reminders>().RunAsync(_clock.StoredNow(), ct);
        return false;
    }
}
