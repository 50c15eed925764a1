namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// The name of every workflow action, as the timeline stores it, allowedActions lists it and GET /api/workflow
/// publishes it. Clients read these names from the workflow; C# code uses these constants, never the bare string.
/// </summary>
public static class ActionName
{
    // Stage 1: review.
    public const string Accept = "accept";
    public const string Reject = "reject";
    public const string Refer = "refer";
    public const string Merge = "merge";
    public const string Classify = "classify";

    // Stage 2: announcement and research.
    public const string Comment = "comment";
    public const string Support = "support";
    public const string HideComment = "hide_comment";
    public const string ApproveComment = "approve_comment";
    public const string AnswerComment = "answer_comment";
    public const string StartResearch = "start_research";
    public const string AddReport = "add_report";

    // Stage 3: meetings and the resolution.
    public const string ScheduleMeeting = "schedule_meeting";
    public const string SignUp = "sign_up";
    public const string RecordMinutes = "record_minutes";
    public const string PublishResolution = "publish_resolution";

    // Stage 4: implementation and feedback.
    public const string AddTask = "add_task";
    public const string UpdateProgress = "update_progress";
    public const string Complete = "complete";
    public const string Evaluate = "evaluate";
    public const string Close = "close";
    public const string Reopen = "reopen";
    public const string Escalate = "escalate";

    /// <summary>Not a workflow action (a topic does not exist before it): the timeline's first event.</summary>
    public const string Submit = "submit";
}
