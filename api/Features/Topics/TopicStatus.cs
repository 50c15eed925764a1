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

    private static readonly Dictionary<string, (string Name, int Stage)> Info = new()
    {
        [Submitted] = ("待审题", 1),
        [Rejected] = ("未予受理", 1),
        [Referred] = ("已转办", 1),
        [Merged] = ("已合并", 1),
        [Announced] = ("公示中", 2),
        [Researching] = ("调研中", 2),
        [Reopened] = ("重新协商", 2),
        [Escalated] = ("已转建议提案", 2),
        [MeetingScheduled] = ("待协商", 3),
        [Deliberated] = ("已协商", 3),
        [ResolutionPublished] = ("决议公示", 3),
        [Implementing] = ("落实中", 4),
        [Completed] = ("待评价", 4),
        [Closed] = ("已办结", 4),
    };

    public static readonly string[] StageNames = ["", "议题产生", "信息整合", "协商决策", "落实反馈"];

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

    public static string Name(string status) => Info.TryGetValue(status, out var info) ? info.Name : status;

    public static int Stage(string status) => Info.TryGetValue(status, out var info) ? info.Stage : 0;
}
