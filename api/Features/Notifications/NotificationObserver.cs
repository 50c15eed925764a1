using Dapper;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Api.Features.Notifications;

/// <summary>
/// Who is told what when a topic changes, written in the change's own transaction:
/// the proposer on the review decision, the resolution and the completion; supporters on the resolution and the
/// completion; the room admins over the room on a new submission; the implementers of a new task's unit. Nobody is told
/// about their own action. Anonymous proposers are told too — it is their topic — and no message names anyone.
/// </summary>
public sealed class NotificationObserver(Notifier notifier) : ITopicObserver
{
    private static readonly Dictionary<string, string> ProgressNotes = new()
    {
        ["accept"] = "已受理，正在公示征求意见",
        ["reject"] = "未予受理，可查看原因",
        ["refer"] = "已转交相关部门办理",
        ["merge"] = "已与相同议题合并办理",
        ["publish_resolution"] = "协商决议已公示，欢迎监督",
        ["complete"] = "办理结果已公布，请评价",
    };

    private sealed record TopicRow(string Title, string ReceiptNo, string Moderation, long? ProposerUserId, string RoomName, long L1, long? L2, long? L3, long? L4)
    {
        public long[] Regions => new[] { L1, L2, L3, L4 }.Where(r => r is not null).Select(r => r!.Value).ToArray();
    }

    private sealed record TaskRow(string Title, string Unit, DateTime DueOn);

    public async Task OnChangedAsync(TopicChange change)
    {
        if (change.Action is not ("submit" or "add_task") && !ProgressNotes.ContainsKey(change.Action))
        {
            return;
        }

        var topic = await change.Connection.QuerySingleAsync<TopicRow>(new CommandDefinition(
            """
            SELECT t.title, t.receipt_no AS ReceiptNo, t.moderation, t.proposer_user_id AS ProposerUserId, m.name AS RoomName,
                   t.region_l1 AS L1, t.region_l2 AS L2, t.region_l3 AS L3, t.region_l4 AS L4
            FROM topics t JOIN rooms m ON m.id = t.room_id WHERE t.id = @TopicId
            """,
            new { change.TopicId }, change.Transaction, cancellationToken: change.Ct));
        // A held topic's text has not passed the content check: keep it out of messages.
        var title = topic.Moderation == "visible" ? topic.Title : "新议题（内容待审核）";
        var others = (IEnumerable<long> ids) => ids.Where(id => id != change.Caller.UserId);

        switch (change.Action)
        {
            case "submit":
                await NotifyAsync(change, NotificationTemplates.NewSubmission, others(await GrantHoldersAsync(change, Roles.RoomAdmin, topic.Regions)),
                    new() { ["topic"] = title, ["room"] = topic.RoomName, ["receipt"] = topic.ReceiptNo, ["time"] = change.Now });
                break;
            case "add_task":
                // The topic row is locked by this change, so the newest task of the topic is the one just added.
                var task = await change.Connection.QuerySingleAsync<TaskRow>(new CommandDefinition(
                    "SELECT title, unit, due_on AS DueOn FROM tasks WHERE topic_id = @TopicId ORDER BY id DESC LIMIT 1",
                    new { change.TopicId }, change.Transaction, cancellationToken: change.Ct));
                await NotifyAsync(change, NotificationTemplates.TaskAssigned, others(await GrantHoldersAsync(change, Roles.Implementer, topic.Regions, task.Unit)),
                    new() { ["task"] = task.Title, ["topic"] = title, ["unit"] = task.Unit, ["due"] = DateOnly.FromDateTime(task.DueOn) });
                break;
            default:
                var recipients = topic.ProposerUserId is { } proposer ? new List<long> { proposer } : [];
                if (change.Action is "publish_resolution" or "complete")
                {
                    recipients.AddRange(await change.Connection.QueryAsync<long>(new CommandDefinition(
                        "SELECT user_id FROM topic_supports WHERE topic_id = @TopicId", new { change.TopicId }, change.Transaction, cancellationToken: change.Ct)));
                }

                await NotifyAsync(change, NotificationTemplates.TopicProgress, others(recipients),
                    new() { ["topic"] = title, ["status"] = TopicStatus.Name(change.ToStatus), ["note"] = ProgressNotes[change.Action], ["time"] = change.Now });
                break;
        }
    }

    /// <summary>Holders of <paramref name="role"/> granted on one of the topic's regions (so covering its room), of one unit if given.</summary>
    internal static async Task<IEnumerable<long>> GrantHoldersAsync(TopicChange change, string role, long[] regions, string? unit = null) =>
        await change.Connection.QueryAsync<long>(new CommandDefinition(
            "SELECT DISTINCT user_id FROM role_grants WHERE role = @role AND region_id IN @regions AND (@unit IS NULL OR unit = @unit)",
            new { role, regions, unit }, change.Transaction, cancellationToken: change.Ct));

    private Task<int> NotifyAsync(TopicChange change, string key, IEnumerable<long> recipients, Dictionary<string, object> values) =>
        notifier.NotifyAsync(change.Connection, change.Transaction, key, recipients, values, change.TopicId, change.Now, change.Ct);
}
