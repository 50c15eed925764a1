using MaShangYi.Api.Features.Photos;

namespace MaShangYi.Api.Features.Topics;

public sealed record CategoryRef(long Id, string Name);

/// <summary>Who raised a topic, as anyone may see it: never a WeChat identity, never an anonymous proposer.</summary>
public sealed record ProposerView(string Display, bool IsMine);

/// <summary>A volunteer-entered resident's contact, masked; only for staff over the room (for the follow-up call).</summary>
public sealed record ProxyContactView(string? Name, string? Phone);

public sealed record ClassificationView(string Class, string ClassName, string? Note, DateOnly? NextReviewOn);

public sealed record RejectionView(long CriterionId, string CriterionTitle, string Reason);

public sealed record ReferralView(string Target, string? Reference);

public sealed record MergedIntoView(long Id, string ReceiptNo, string Title);

public sealed record EscalationView(string Kind, string KindName, string Target, string? Reference);

public sealed record ResolutionView(string Text, DateOnly Deadline);

public sealed record TimelineEvent(DateTime At, int Round, string Action, string ActionName, string? FromStatus, string ToStatus, string ToStatusName, string ActorRole, string? ActorUnit, string? Note);

public sealed record ReportView(long Id, int Round, string Title, string Body, string AuthorRole, string AuthorRoleName, string AuthorUnit, DateTime CreatedAt);

public sealed record ParticipantView(string Name, string Party, string PartyName, string AttendMode);

public sealed record MeetingView(
    long Id, int Round, string Mode, DateTime StartsAt, string? Place, string? OnlineLink, string Convener, int Capacity, int SignupCount,
    string? Minutes, DateTime? MinutesAt, IReadOnlyList<ParticipantView> Participants, bool SignedUpByMe);

public sealed record MilestoneView(long Id, string Title, DateOnly DueOn, DateTime? DoneAt);

public sealed record ProgressView(int Progress, string Note, DateTime At, IReadOnlyList<PhotoView> Photos);

public sealed record TaskView(
    long Id, int Round, string Title, string LeadPerson, string Unit, DateOnly DueOn, int Progress, bool IsOverdue,
    IReadOnlyList<MilestoneView> Milestones, IReadOnlyList<ProgressView> Updates);

public sealed record EvaluationView(bool Solved, bool Satisfied, string? Comment, DateTime At);

public sealed record EvaluationSummary(int Round, int Count, int Solved, int Satisfied, EvaluationView? Proposer, EvaluationView? Mine);

/// <summary>
/// A topic as the caller may see it, with <see cref="AllowedActions"/> from <see cref="Workflow"/>; <see cref="Photos"/> are
/// the proposer's, <see cref="ResultPhotos"/> those published with the result. <see cref="UnansweredDoubts"/> and
/// <see cref="AnsweredDoubts"/> count published doubts; <see cref="Confirmations"/> names, per allowed action, what it needs
/// confirmed now (GET /api/workflow's confirmations say how).
/// </summary>
public sealed record TopicDetail(
    long Id,
    string ReceiptNo,
    long RoomId,
    string RoomName,
    string Title,
    string Description,
    CategoryRef Category,
    string? LocationText,
    string Status,
    string StatusName,
    int Stage,
    string StageName,
    int Round,
    int Version,
    bool HeldForModeration,
    ProposerView Proposer,
    ProxyContactView? ProxyContact,
    ClassificationView? Classification,
    DateOnly? AnnouncementEndsOn,
    RejectionView? Rejection,
    ReferralView? Referral,
    MergedIntoView? MergedInto,
    EscalationView? Escalation,
    ResolutionView? Resolution,
    string? Result,
    int SupportCount,
    int CommentCount,
    bool SupportedByMe,
    DateTime SubmittedAt,
    DateTime UpdatedAt,
    IReadOnlyList<TimelineEvent> Timeline,
    IReadOnlyList<ReportView> Reports,
    IReadOnlyList<MeetingView> Meetings,
    IReadOnlyList<TaskView> Tasks,
    EvaluationSummary? Evaluations,
    IReadOnlyList<string> AllowedActions,
    IReadOnlyList<PhotoView> Photos,
    IReadOnlyList<PhotoView> ResultPhotos,
    int UnansweredDoubts,
    int AnsweredDoubts,
    IReadOnlyDictionary<string, string> Confirmations);

/// <summary>A line in a topic list.</summary>
public sealed record TopicListItem(
    long Id, string ReceiptNo, long RoomId, string RoomName, string Title, long CategoryId, string CategoryName, string Status, string StatusName,
    int Stage, string? Classification, int SupportCount, int CommentCount, bool HeldForModeration, DateTime SubmittedAt, DateTime UpdatedAt);

public sealed record TopicPage(IReadOnlyList<TopicListItem> Items, long? NextAfter);

/// <summary>What a receipt-number lookup shows for a topic that is not public: where it stands, nothing of its content.</summary>
public sealed record ReceiptStatus(string ReceiptNo, string Status, string StatusName, int Stage, string StageName, DateTime SubmittedAt, DateTime UpdatedAt, IReadOnlyList<TimelineEvent> Timeline);

public static class Classes
{
    public static string Name(string c) => c switch
    {
        "A" => "A类：已解决",
        "B" => "B类：持续跟踪",
        "C" => "C类：不予办理",
        _ => "未分类",
    };
}

public static class EscalationKinds
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["npc_proposal"] = "人大建议",
        ["cppcc_proposal"] = "政协提案",
        ["public_opinion"] = "社情民意",
    };
}

/// <summary>The eight parties of 一码联八方 (DESIGN §3) a meeting participant is tagged with.</summary>
public static class Parties
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["government"] = "党委政府",
        ["proposer"] = "问题提出方",
        ["cppcc_body"] = "政协组织",
        ["cppcc_member"] = "政协委员",
        ["notable"] = "新乡贤",
        ["deputy"] = "党代表和人大代表",
        ["expert"] = "专家智库",
        ["resident"] = "群众",
    };
}
