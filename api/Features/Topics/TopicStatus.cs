namespace MaShangYi.Api.Features.Topics;

/// <summary>The statuses of DESIGN §4 and the four stages they belong to.</summary>
public static class TopicStatus
{
    public const string Submitted = "submitted";
    public const string Announced = "announced";
    public const string Rejected = "rejected";
    public const string Referred = "referred";
    public const string Merged = "merged";
    public const string Researching = "researching";
    public const string MeetingScheduled = "meeting_scheduled";
    public const string Deliberated = "deliberated";
    public const string ResolutionPublished = "resolution_published";
    public const string Implementing = "implementing";
    public const string Completed = "completed";
    public const string Closed = "closed";
    public const string Reopened = "reopened";
    public const string Escalated = "escalated";

    // The names residents read: one per status, the glossary's (miniprogram/utils/glossary.js; a test holds them equal),
    // each short enough for a subscribe message's 5-character phrase field.
    private static readonly Dictionary<string, (string Name, int Stage)> Info = new()
    {
        [Submitted] = ("审核中", 1),
        [Rejected] = ("未通过审核", 1),
        [Referred] = ("已转交办理", 1),
        [Merged] = ("已合并办理", 1),
        [Announced] = ("听取意见中", 2),
        [Researching] = ("调查了解中", 2),
        [Reopened] = ("重新协商", 2),
        [Escalated] = ("已报送上级", 2),
        [MeetingScheduled] = ("待协商", 3),
        [Deliberated] = ("已协商", 3),
        [ResolutionPublished] = ("已商定", 3),
        [Implementing] = ("正在办理", 4),
        [Completed] = ("待评价", 4),
        [Closed] = ("已办完", 4),
    };

    public static readonly string[] StageNames = ["", "提出问题", "听取意见", "开会协商", "办理反馈"];

    /// <summary>Statuses anyone may see: a topic that passed review, and the outcomes of review that point elsewhere.</summary>
    public static readonly IReadOnlySet<string> Public = new HashSet<string>
    {
        Announced, Researching, Reopened, Escalated, MeetingScheduled, Deliberated, ResolutionPublished, Implementing, Completed, Closed, Referred,
    };

    /// <summary>Statuses in which the public takes part: comments and supports.</summary>
    public static readonly IReadOnlySet<string> OpenForComment = new HashSet<string>
    {
        Announced, Researching, Reopened, MeetingScheduled, Deliberated, ResolutionPublished, Implementing,
    };

    public static bool IsKnown(string? status) => status is not null && Info.ContainsKey(status);

    /// <summary>The status in words; a status this table does not know reads as "查看详情", never as its code.</summary>
    public static string Name(string status) => Info.TryGetValue(status, out var info) ? info.Name : "查看详情";

    /// <summary>Every status, for listings and tests.</summary>
    public static IEnumerable<string> All => Info.Keys;

    public static int Stage(string status) => Info.TryGetValue(status, out var info) ? info.Stage : 0;
}
