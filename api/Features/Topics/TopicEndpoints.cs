namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// The deliberation process (DESIGN §4), room by room as the folders are laid out (README.md here): the process table
/// and the topic reads at the centre, then each stage's endpoints.
/// </summary>
public static class TopicEndpoints
{
    public static IEndpointRouteBuilder MapTopicEndpoints(this IEndpointRouteBuilder app)
    {
        // The centre: the process as data, and topics as each caller may see them.
        app.MapWorkflowEndpoints();
        app.MapTopicQueryEndpoints();

        // Submission/: a resident or volunteer raises an issue; the categories it is filed under.
        app.MapCatalogEndpoints();
        app.MapReviewCriteriaEndpoints();
        app.MapSubmitEndpoints();

        // Similar/: the same issue raised again — suggestions while writing, and for the reviewer.
        app.MapSimilarEndpoints();

        // Review/: reviewers accept, reject, refer or merge it.
        app.MapReviewQueueEndpoints();
        app.MapReviewEndpoints();

        // Participation/: while it is announced, residents comment and support; room admins moderate.
        app.MapCommentEndpoints();
        app.MapCommentModerationEndpoints();
        app.MapAnswerEndpoints();
        app.MapModerationQueueEndpoints();
        app.MapSupportEndpoints();

        // Deliberation/: research, meetings and sign-ups, minutes and the resolution.
        app.MapResearchEndpoints();
        app.MapMeetingEndpoints();
        app.MapSignupEndpoints();
        app.MapMeetingListEndpoints();
        app.MapMySignupEndpoints();
        app.MapResolutionEndpoints();

        // Implementation/: tasks and progress, completion, evaluation, closing and reopening; what is due.
        app.MapTaskEndpoints();
        app.MapClosingEndpoints();
        app.MapDueEndpoints();
        return app;
    }
}
