using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Api.Features.Topics;

/// <summary>Who may take an action: holders of a role whose grant covers the topic's room, the proposer, or any logged-in user.</summary>
[Flags]
public enum Actors
{
    None = 0,
    Reviewer = 1,
    RoomAdmin = 2,
    CppccMember = 4,
    Implementer = 8,
    Volunteer = 16,
    Proposer = 32,
    AnyUser = 64,
}

/// <summary>One step a topic can take: where it may start, where it ends (null: it stays), who may take it, and extra conditions.</summary>
/// <remarks>
/// Route is the POST endpoint that takes the action (a test holds it to the mapped routes); Form, for the actions
/// staff take on their own pages, is what GET /api/workflow publishes for the clients to build the form from.
/// </remarks>
public sealed record TopicAction(string Name, string ChineseName, IReadOnlySet<string> From, string? To, Actors Who, Func<TopicState, string?>? Guard = null)
{
    public required string Route { get; init; }

    public ActionForm? Form { get; init; }

    /// <summary>What the caller must confirm before the action is taken (a <see cref="Confirmations"/> key), when it applies to the topic.</summary>
    public string? Confirm { get; init; }
}

/// <summary>The things an action may need confirmed: the request carries the confirmation, the timeline records it.</summary>
public static class Confirmations
{
    /// <summary>Doubts residents raised that no one has answered yet (visible comments of stance doubt without an answer).</summary>
    public const string UnansweredDoubts = "unanswered_doubts";
}

/// <summary>What the rules need to know about a topic.</summary>
public sealed record TopicState(long Id, long RoomId, string RoomPath, string Status, int Round, int Version, string? Classification, long? ProposerUserId, int Tasks, int OpenTasks, IReadOnlySet<string> TaskUnits)
{
    /// <summary>Published doubts without an official answer.</summary>
    public int UnansweredDoubts { get; init; }
}

/// <summary>
/// THE place where the process rules live (DESIGN §4): every allowed transition and the role that may trigger it.
/// Endpoints ask <see cref="Check"/> before changing anything, and every topic response carries
/// <see cref="AllowedActions"/> computed from this same table, so clients never re-implement the rules.
/// </summary>
public static class Workflow
{
    private static HashSet<string> S(params string[] statuses) => [.. statuses];

    private static readonly HashSet<string> AfterReview = S(
        TopicStatus.Announced, TopicStatus.Researching, TopicStatus.MeetingScheduled, TopicStatus.Deliberated, TopicStatus.ResolutionPublished,
        TopicStatus.Implementing, TopicStatus.Completed, TopicStatus.Reopened, TopicStatus.Escalated, TopicStatus.Closed);

    private static readonly HashSet<string> BeforeDecision = S(
        TopicStatus.Announced, TopicStatus.Researching, TopicStatus.MeetingScheduled, TopicStatus.Deliberated, TopicStatus.ResolutionPublished,
        TopicStatus.Implementing, TopicStatus.Reopened);

    public static readonly IReadOnlyList<TopicAction> Actions =
    [
        // Stage 1: review (审题) against 五议五不议.
        new(ActionName.Accept, "通过审核，公开听取意见", S(TopicStatus.Submitted), TopicStatus.Announced, Actors.Reviewer)
        { Route = "/api/topics/{id}/accept", Form = ActionForms.Accept },
        new(ActionName.Reject, "不通过审核", S(TopicStatus.Submitted), TopicStatus.Rejected, Actors.Reviewer)
        { Route = "/api/topics/{id}/reject", Form = ActionForms.Reject },
        new(ActionName.Refer, "转交有关部门办理", S(TopicStatus.Submitted), TopicStatus.Referred, Actors.Reviewer)
        { Route = "/api/topics/{id}/refer", Form = ActionForms.Refer },
        new(ActionName.Merge, "合并办理", S(TopicStatus.Submitted), TopicStatus.Merged, Actors.Reviewer)
        { Route = "/api/topics/{id}/merge", Form = ActionForms.Merge },
        new(ActionName.Classify, "分类", AfterReview, null, Actors.Reviewer | Actors.RoomAdmin)
        { Route = "/api/topics/{id}/classify", Form = ActionForms.Classify },

        // Stage 2: announcement and research.
        new(ActionName.Comment, "发表意见", S([.. TopicStatus.OpenForComment]), null, Actors.AnyUser)
        { Route = "/api/topics/{id}/comments" },
        new(ActionName.Support, "支持", S([.. TopicStatus.OpenForComment]), null, Actors.AnyUser)
        { Route = "/api/topics/{id}/support" },
        new(ActionName.HideComment, "屏蔽意见", AfterReview, null, Actors.RoomAdmin)
        { Route = "/api/topics/{id}/comments/{commentId}/hide", Form = ActionForms.HideComment },
        // Publishing a held comment is a moderation decision like hiding one: authorised here and put on the timeline.
        new(ActionName.ApproveComment, "公开意见", AfterReview, null, Actors.RoomAdmin)
        { Route = "/api/topics/{id}/comments/{commentId}/approve", Form = ActionForms.ApproveComment },
        // 解疑释惑: the room's staff answer a comment officially (a convener acts through their reviewer or room-admin grant).
        new(ActionName.AnswerComment, "官方答复", AfterReview, null, Actors.RoomAdmin | Actors.Reviewer)
        { Route = "/api/topics/{id}/comments/{commentId}/answer", Form = ActionForms.AnswerComment },
        new(ActionName.StartResearch, "开始调查了解", S(TopicStatus.Announced, TopicStatus.Reopened), TopicStatus.Researching, Actors.RoomAdmin | Actors.CppccMember)
        { Route = "/api/topics/{id}/research", Form = ActionForms.StartResearch },
        new(ActionName.AddReport, "提交调查报告", S(TopicStatus.Researching), null, Actors.RoomAdmin | Actors.CppccMember)
        { Route = "/api/topics/{id}/reports", Form = ActionForms.AddReport },

        // Stage 3: meetings and the resolution.
        new(ActionName.ScheduleMeeting, "安排协商会议",
            S(TopicStatus.Announced, TopicStatus.Researching, TopicStatus.Reopened, TopicStatus.MeetingScheduled, TopicStatus.Deliberated),
            TopicStatus.MeetingScheduled, Actors.RoomAdmin)
        { Route = "/api/topics/{id}/meetings", Form = ActionForms.ScheduleMeeting },
        new(ActionName.SignUp, "报名参会", S(TopicStatus.MeetingScheduled), null, Actors.AnyUser)
        { Route = "/api/topics/{id}/meetings/{meetingId}/signups" },
        new(ActionName.RecordMinutes, "记录会议纪要", S(TopicStatus.MeetingScheduled), TopicStatus.Deliberated, Actors.RoomAdmin)
        { Route = "/api/topics/{id}/meetings/{meetingId}/minutes", Form = ActionForms.RecordMinutes },
        new(ActionName.PublishResolution, "公开协商结果", S(TopicStatus.Deliberated), TopicStatus.ResolutionPublished, Actors.RoomAdmin)
        { Route = "/api/topics/{id}/resolution", Form = ActionForms.PublishResolution, Confirm = Confirmations.UnansweredDoubts },

        // Stage 4: implementation and feedback.
        new(ActionName.AddTask, "布置落实任务", S(TopicStatus.ResolutionPublished, TopicStatus.Implementing), TopicStatus.Implementing, Actors.RoomAdmin)
        { Route = "/api/topics/{id}/tasks", Form = ActionForms.AddTask },
        new(ActionName.UpdateProgress, "报告进度", S(TopicStatus.Implementing), null, Actors.Implementer)
        { Route = "/api/topics/{id}/tasks/{taskId}/progress", Form = ActionForms.UpdateProgress },
        new(ActionName.Complete, "公布办理结果", S(TopicStatus.Implementing), TopicStatus.Completed, Actors.RoomAdmin,
            t => t.Tasks == 0 ? "还没有落实任务。" : t.OpenTasks > 0 ? $"还有 {t.OpenTasks} 项落实任务未完成。" : null)
        { Route = "/api/topics/{id}/complete", Form = ActionForms.Complete },
        new(ActionName.Evaluate, "评价", S(TopicStatus.Completed), null, Actors.Proposer | Actors.AnyUser)
        { Route = "/api/topics/{id}/evaluations" },
        // An escalated matter is in other hands (人大/政协): the room may close its own record of it with any class.
        new(ActionName.Close, "确认办完", S([.. BeforeDecision, TopicStatus.Completed, TopicStatus.Escalated]), TopicStatus.Closed, Actors.RoomAdmin,
            t => t.Classification is null ? "确认办完前须先进行 A/B/C 分类。"
                : t.Status is not (TopicStatus.Completed or TopicStatus.Escalated) && t.Classification != "C" ? "尚未公布办理结果；只有 C 类（不予办理）可直接确认办完。"
                : null)
        { Route = "/api/topics/{id}/close", Form = ActionForms.Close, Confirm = Confirmations.UnansweredDoubts },
        new(ActionName.Reopen, "重新协商", S(TopicStatus.Completed), TopicStatus.Reopened, Actors.RoomAdmin)
        { Route = "/api/topics/{id}/reopen", Form = ActionForms.Reopen },
        new(ActionName.Escalate, "报送上级",
            S(TopicStatus.Announced, TopicStatus.Researching, TopicStatus.Deliberated, TopicStatus.Reopened),
            TopicStatus.Escalated, Actors.RoomAdmin | Actors.CppccMember)
        { Route = "/api/topics/{id}/escalate", Form = ActionForms.Escalate },
    ];

    /// <summary>Each actor under its role key (the vocabulary of <see cref="Roles"/>): grants give the first five.</summary>
    public static readonly IReadOnlyList<(string Role, Actors Actor)> ActorRoles =
    [
        (Roles.Reviewer, Actors.Reviewer), (Roles.RoomAdmin, Actors.RoomAdmin), (Roles.CppccMember, Actors.CppccMember),
        (Roles.Implementer, Actors.Implementer), (Roles.Volunteer, Actors.Volunteer),
        (Roles.Proposer, Actors.Proposer), (Roles.Resident, Actors.AnyUser),
    ];

    /// <summary>Who may take <paramref name="action"/>, as role keys.</summary>
    public static IReadOnlyList<string> WhoRoles(TopicAction action) => [.. ActorRoles.Where(x => action.Who.HasFlag(x.Actor)).Select(x => x.Role)];

    private static readonly Dictionary<string, TopicAction> ByName = Actions.ToDictionary(a => a.Name);

    public static TopicAction Get(string name) => ByName[name];

    /// <summary>The actions <paramref name="caller"/> may take on <paramref name="topic"/> now, in table order.</summary>
    public static IReadOnlyList<string> AllowedActions(TopicState topic, Actors caller) =>
        Actions.Where(a => Check(a, topic, caller).Kind == VerdictKind.Allowed).Select(a => a.Name).ToList();

    /// <summary>What <paramref name="action"/> needs confirmed on <paramref name="topic"/> now (a <see cref="Confirmations"/> key), or null.</summary>
    public static string? ConfirmationFor(TopicAction action, TopicState topic) =>
        action.Confirm == Confirmations.UnansweredDoubts && topic.UnansweredDoubts > 0 ? Confirmations.UnansweredDoubts : null;

    /// <summary>The confirmations the <paramref name="allowed"/> actions need on <paramref name="topic"/> now, by action name.</summary>
    public static IReadOnlyDictionary<string, string> ConfirmationsFor(TopicState topic, IEnumerable<string> allowed) =>
        allowed.Select(name => (name, confirm: ConfirmationFor(Get(name), topic))).Where(x => x.confirm is not null).ToDictionary(x => x.name, x => x.confirm!);

    public static Verdict Check(TopicAction action, TopicState topic, Actors caller)
    {
        if ((action.Who & caller) == 0)
        {
            return Verdict.Forbidden;
        }

        if (!action.From.Contains(topic.Status))
        {
            return Verdict.WrongState;
        }

        return action.Guard?.Invoke(topic) is { } reason ? new Verdict(VerdictKind.Unmet, reason) : Verdict.Allowed;
    }

    /// <summary>The caller's relation to a topic: the roles whose grants cover its room, plus proposer and logged-in.</summary>
    public static Actors ActorsFor(Caller caller, TopicState topic)
    {
        if (caller.UserId is not { } userId)
        {
            return Actors.None;
        }

        var actors = Actors.AnyUser;
        foreach (var (role, actor) in ActorRoles)
        {
            if (Roles.IsKnown(role) && caller.HasRole(role, topic.RoomPath))
            {
                actors |= actor;
            }
        }

        // An implementer acts only on topics with a task for their own unit.
        if (!caller.UnitsFor(Roles.Implementer, topic.RoomPath).Any(topic.TaskUnits.Contains))
        {
            actors &= ~Actors.Implementer;
        }

        return topic.ProposerUserId == userId ? actors | Actors.Proposer : actors;
    }
}

public enum VerdictKind
{
    Allowed,
    Forbidden,
    WrongState,
    Unmet,
}

public sealed record Verdict(VerdictKind Kind, string? Reason = null)
{
    public static readonly Verdict Allowed = new(VerdictKind.Allowed);
    public static readonly Verdict Forbidden = new(VerdictKind.Forbidden);
    public static readonly Verdict WrongState = new(VerdictKind.WrongState);
}
