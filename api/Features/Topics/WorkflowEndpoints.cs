using MaShangYi.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Topics;

public static class WorkflowEndpoints
{
    public sealed record StatusInfo(string Status, string Name, int Stage, string StageName, bool IsPublic);

    /// <summary>
    /// An action: Route is the path its POST goes to ({id} the topic; {meetingId}, {taskId} or {commentId} the item); Form is null
    /// for the residents' own actions; Confirm names the confirmation it may need (see WorkflowInfo.Confirmations).
    /// </summary>
    public sealed record ActionInfo(string Name, string ChineseName, IReadOnlyList<string> From, string? To, IReadOnlyList<string> Who, string Route, ActionForm? Form, string? Confirm);

    /// <summary>
    /// A confirmation an action may need: when it applies (Explained, Chinese), the request property that confirms it (true), and
    /// the ProblemDetails code of the 422 without it. A topic's detail lists under confirmations the actions that need one now.
    /// </summary>
    public sealed record ConfirmationInfo(string Key, string Explained, string RequestField, string ProblemCode);

    /// <summary>A role key with its Chinese name; Grantable roles are given by grants and invitations, the others are relations to a topic.</summary>
    public sealed record RoleInfo(string Role, string Name, bool Grantable);

    public sealed record WorkflowInfo(IReadOnlyList<StatusInfo> Statuses, IReadOnlyList<ActionInfo> Actions, IReadOnlyList<RoleInfo> Roles, IReadOnlyList<ConfirmationInfo> Confirmations);

    // Static for the life of the process: built once, and clients may keep it for a session.
    private const string CacheControl = "public, max-age=3600";

    public static IEndpointRouteBuilder MapWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/workflow", Describe)
            .WithTags("Topics")
            .WithSummary("The process as data: statuses, actions (from, to, who, route, form) and roles")
            .WithDescription("Read from the same table the server enforces. The mini program and the console build their staff forms and the URLs they post to from it; "
                + "whether the caller may act on a given topic is that topic's allowedActions. Static: cacheable for an hour.");
        return app;
    }

    private static readonly string[] AllStatuses =
    [
        TopicStatus.Submitted, TopicStatus.Rejected, TopicStatus.Referred, TopicStatus.Merged, TopicStatus.Announced, TopicStatus.Researching,
        TopicStatus.Reopened, TopicStatus.Escalated, TopicStatus.MeetingScheduled, TopicStatus.Deliberated, TopicStatus.ResolutionPublished,
        TopicStatus.Implementing, TopicStatus.Completed, TopicStatus.Closed,
    ];

    public static readonly WorkflowInfo Info = new(
        AllStatuses.Select(s => new StatusInfo(s, TopicStatus.Name(s), TopicStatus.Stage(s), TopicStatus.StageNames[TopicStatus.Stage(s)], TopicStatus.Public.Contains(s))).ToList(),
        Workflow.Actions.Select(a => new ActionInfo(
            a.Name, a.ChineseName, a.From.Order(StringComparer.Ordinal).ToList(), a.To, Workflow.WhoRoles(a), a.Route, a.Form, a.Confirm)).ToList(),
        [
            .. Roles.ChineseNames.Select(r => new RoleInfo(r.Key, r.Value, Grantable: true)),
            .. Roles.RelationNames.Select(r => new RoleInfo(r.Key, r.Value, Grantable: false)),
        ],
        [
            new(Confirmations.UnansweredDoubts, "居民提出的疑问还有未答复的：须确认后才能继续，时间线上会记下。", "confirmUnansweredDoubts", Confirmations.UnansweredDoubts),
        ]);

    private static Ok<WorkflowInfo> Describe(HttpContext http)
    {
        http.Response.Headers.CacheControl = CacheControl;
        return TypedResults.Ok(Info);
    }
}
