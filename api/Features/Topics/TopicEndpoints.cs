namespace MaShangYi.Api.Features.Topics;

/// <summary>The deliberation process (DESIGN §4), stage by stage; each line maps one feature file's endpoints.</summary>
public static class TopicEndpoints
{
    public static IEndpointRouteBuilder MapTopicEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapWorkflowEndpoints();
        app.MapCatalogEndpoints();
        app.MapTopicQueryEndpoints();

        // Stage 1: submission and review.
        app.MapSubmitEndpoints();
        app.MapReviewQueueEndpoints();
        app.MapReviewEndpoints();

        // Stage 2: announcement, public comment and research.
        app.MapCommentEndpoints();
        app.MapCommentModerationEndpoints();
        app.MapModerationQueueEndpoints();
        app.MapSupportEndpoints();
        app.MapResearchEndpoints();

        // Stage 3: meetings and the resolution.
        app.MapMeetingEndpoints();
        app.MapSignupEndpoints();
        app.MapMeetingListEndpoints();
        app.MapMySignupEndpoints();
        app.MapResolutionEndpoints();

        // Stage 4: implementation, evaluation and closing the loop.
        app.MapTaskEndpoints();
        app.MapClosingEndpoints();
        app.MapDueEndpoints();
        return app;
    }
}
