using Dapper;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Api.Features.Notifications;

/// <summary>
/// Who is told what when a topic changes, written in the change's own transaction:
/// the proposer on the review decision, the resolution and the completion; supporters on the resolution and the
/// completion; the reviewers (who must accept or reject it) and the room admins over the room on a new submission; the
/// implementers of a new task's unit. Nobody is told
/// about their own action. Anonymous proposers are told too — it is their topic — and no message names anyone.
/// </summary>
public sealed class NotificationObserver(Notifier notifier) : ITopicObserver
{
    private static readonly Dictionary<string, string> ProgressNotes = new()
    {
        [ActionName.Accept] = "已通过审核，正在公开听取意见",
        [ActionName.Reject] = "未通过审核，可查看原因",
        [ActionName.Refer] = "已转交相关部门办理",
        [ActionName.Merge] = "已和相同的问题合并办理",
        [ActionName.PublishResolution] = "协商结果已公开，欢迎监督",
        [ActionName.Complete] = "办理结果已公布，请评价",
    };

    private sealed record TaskRow(string Title, string Unit, DateTime DueOn);

    private const string TopicSql = """
        SELECT t.title, t.receipt_no AS ReceiptNo, t.moderation, t.proposer_user_id AS ProposerUserId, m.name AS RoomName
        FROM topics t JOIN rooms m ON m.id = t.room_id WHERE t.id = @TopicId
        """;

    /// <summary>The topic row is locked by this change, so the newest task of the topic is the one just added.</summary>
    private const string NewestTaskSql = "SELECT title, unit, due_on AS DueOn FROM tasks WHERE topic_id = @TopicId ORDER BY id DESC LIMIT 1";

    /// <summary>
    /// <paramref name="select"/> at each level of the topic's region chain, in one statement: an equality join per level
    /// finds the grants by (role, region) directly, where one join on all four levels would read every grant of the role.
    /// </summary>
    private static string AtEachLevel(string select) =>
        string.Join("\nUNION ALL\n", Enumerable.Range(1, 4).Select(level => select.Replace("{level}", $"t.region_l{level}", StringComparison.Ordinal)));

    /// <summary>Holders of @role granted on one of the topic's regions (so covering its room); with @ofTask, of the newest task's unit only. A holder of several such grants comes once per grant: the notifier counts each person once.</summary>
    private static readonly string GrantHoldersSql = AtEachLevel("""
        SELECT g.user_id FROM topics t JOIN role_grants g ON g.role = @role AND g.region_id = {level}
        WHERE t.id = @TopicId AND (@ofTask = 0 OR g.unit = (SELECT unit FROM tasks WHERE topic_id = @TopicId ORDER BY id DESC LIMIT 1))
        """);

    private const string SupportersSql = "SELECT user_id FROM topic_supports WHERE topic_id = @TopicId";

    public async Task OnChangedAsync(TopicChange change)
    {
        if (change.Action == ActionName.Submit)
        {
            await NewSubmissionAsync(change);
            return;
        }

        if (change.Action != ActionName.AddTask && !ProgressNotes.ContainsKey(change.Action))
        {
            return;
        }

        // A decision tells the proposer only: the topic as the action read it says who, with no read here. A new task's
        // implementers and the supporters are read, in one round trip that carries the change's writes queued so far (so
        // it sees the task just added).
        var sql = change.Action switch
        {
            ActionName.AddTask => TopicSql + ";\n" + NewestTaskSql + ";\n" + GrantHoldersSql,
            ActionName.PublishResolution or ActionName.Complete => TopicSql + ";\n" + SupportersSql,
            _ => change.Headline is null ? TopicSql : null,
        };
        var (topic, task, others) = sql is null ? (change.Headline!, null, []) : await change.Script.QueryAsync(
            sql, new { change.TopicId, role = Roles.Implementer, ofTask = change.Action == ActionName.AddTask }, async read =>
            {
                var topic = await read.ReadSingleAsync<TopicHeadline>();
                var task = change.Action == ActionName.AddTask ? await read.ReadSingleAsync<TaskRow>() : null;
                // Grant holders or supporters, when the query has them; nobody is told about their own action.
                var others = (read.IsConsumed ? [] : await read.ReadAsync<long>()).Where(id => id != change.Caller.UserId).ToList();
                return (topic, task, others);
            });

        var title = TitleFor(topic.Moderation, topic.Title);
        switch (change.Action)
        {
            case ActionName.AddTask:
                Notify(change, NotificationTemplates.TaskAssigned, others,
                    new() { ["task"] = task!.Title, ["topic"] = title, ["unit"] = task.Unit, ["due"] = DateOnly.FromDateTime(task.DueOn) });
                break;
            default:
                var recipients = topic.ProposerUserId is { } proposer && proposer != change.Caller.UserId ? new List<long> { proposer } : [];
                recipients.AddRange(others);
                Notify(change, NotificationTemplates.TopicProgress, recipients,
                    new() { ["topic"] = title, ["status"] = TopicStatus.Name(change.ToStatus), ["note"] = ProgressNotes[change.Action], ["time"] = change.Now });
                break;
        }
    }

    private sealed record HolderRow(long RegionId, long UserId);

    /// <summary>The holders of one of @roles granted on one of @regions, found by (role, region).</summary>
    private const string HoldersSql = "SELECT region_id AS RegionId, user_id AS UserId FROM role_grants WHERE role IN @roles AND region_id IN @regions";

    /// <summary>Told of a new submission: the reviewers whose grant covers the room decide on it; its room admins run the room.</summary>
    public static readonly string[] NewSubmissionRoles = [Roles.Reviewer, Roles.RoomAdmin];

    /// <summary>
    /// The reviewers and room admins over the new topic's room are told; the topic is as the change carries it, and so
    /// are they when the submission read them with its facts (an intake channel's topic reads them here).
    /// </summary>
    private async Task NewSubmissionAsync(TopicChange change)
    {
        var topic = change.Submitted ?? throw new InvalidOperationException("A 'submit' change carries its topic.");
        var holders = topic.Reviewers ?? await change.Script.QueryAsync(
            HoldersSql, new { roles = NewSubmissionRoles, regions = change.Counted.Chain.OfType<long>().Order().ToArray() },
            async read => (await read.ReadAsync<HolderRow>()).Select(h => h.UserId).ToList());
        notifier.Queue(change.Script, NotificationTemplates.NewSubmission, holders.Where(id => id != change.Caller.UserId),
            new Dictionary<string, object> { ["topic"] = TitleFor(topic.Moderation, topic.Title), ["room"] = topic.RoomName, ["receipt"] = topic.ReceiptNo, ["time"] = change.Now },
            change.TopicId, change.Now);
    }

    /// <summary>A held topic's text has not passed the content check: keep it out of messages.</summary>
    private static string TitleFor(string moderation, string title) => moderation == "visible" ? title : "新问题（内容待人工审核）";

    private void Notify(TopicChange change, string key, IEnumerable<long> recipients, Dictionary<string, object> values) =>
        notifier.Queue(change.Script, key, recipients, values, change.TopicId, change.Now);
}
