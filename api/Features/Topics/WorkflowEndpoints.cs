using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Topics;

public static class WorkflowEndpoints
{
    public sealed record StatusInfo(string Status, string Name, int Stage, string StageName, bool IsPublic);

    public sealed record ActionInfo(string Name, string ChineseName, IReadOnlyList<string> From, string? To, IReadOnlyList<string> Who);

    public sealed record WorkflowInfo(IReadOnlyList<StatusInfo> Statuses, IReadOnlyList<ActionInfo> Actions);

    public static IEndpointRouteBuilder MapWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/workflow", Describe)
            .WithTags("Topics")
            .WithSummary("The process as data: every status (Chinese name, stage) and every action (from, to, who may take it)")
            .WithDescription("Read from the same table the server enforces, for display. Whether the caller may act on a given topic is that topic's allowedActions.");
        return app;
    }

    private static readonly string[] AllStatuses =
    [
        TopicStatus.Submitted, TopicStatus.Rejected, TopicStatus.Referred, TopicStatus.Merged, TopicStatus.Announced, TopicStatus.Researching,
        TopicStatus.Reopened, TopicStatus.Escalated, TopicStatus.MeetingScheduled, TopicStatus.Deliberated, TopicStatus.ResolutionPublished,
        TopicStatus.Implementing, TopicStatus.Completed, TopicStatus.Closed,
    ];

    private static Ok<WorkflowInfo> Describe() => TypedResults.Ok(new WorkflowInfo(
        AllStatuses.Select(s => new StatusInfo(s, TopicStatus.Name(s), TopicStatus.Stage(s), TopicStatus.StageNames[TopicStatus.Stage(s)], TopicStatus.Public.Contains(s))).ToList(),
        Workflow.Actions.Select(a => new ActionInfo(
            a.Name, a.ChineseName, a.From.Order(StringComparer.Ordinal).ToList(), a.To,
            Enum.GetValues<Actors>().Where(x => x != Actors.None && a.Who.HasFlag(x)).Select(x => x.ToString()).ToList())).ToList()));
}
