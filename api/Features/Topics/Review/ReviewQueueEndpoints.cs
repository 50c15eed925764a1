using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using static MaShangYi.Api.Features.Topics.TopicQueryEndpoints;

namespace MaShangYi.Api.Features.Topics;

public static class ReviewQueueEndpoints
{
    /// <summary>
    /// A topic awaiting review: the list line, the most similar topics of its town (open or recently ended) with whether
    /// it may be merged into each, and <paramref name="PossibleDuplicateOf"/>, the open topic it most likely repeats
    /// (scored at or above <see cref="Similarity.FlagThreshold"/>) — a flag for the reviewer, never a merge by itself.
    /// </summary>
    public sealed record QueueItem(
        long Id, string ReceiptNo, long RoomId, string RoomName, string Title, long CategoryId, string CategoryName, string Status, string StatusName,
        int Stage, string? Classification, int SupportCount, int CommentCount, bool HeldForModeration, DateTime SubmittedAt, DateTime UpdatedAt,
        IReadOnlyList<SimilarTopic> Similar, long? PossibleDuplicateOf);

    public sealed record QueuePage(IReadOnlyList<QueueItem> Items, long? NextAfter);

    public static IEndpointRouteBuilder MapReviewQueueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/review/queue", Queue)
            .WithTags("Review")
            .RequireAuthorization()
            .WithSummary("Submitted topics awaiting review in the reviewer's scope, oldest first (keyset-paged with after), each with similar topics of its town")
            .WithDescription("Topics held for moderation (content check said review, or could not be reached) are here too, flagged heldForModeration. similar: up to five topics of the same town, open or ended in the last 30 days, best first; canMergeInto marks those the merge action accepts (accepted topics of the same town; the reviewer must review the target's room too). possibleDuplicateOf: the open topic the item most likely repeats, for any intake (12345 included).")
            .ProducesProblem(403);
        return app;
    }

    private static async Task<Results<Ok<QueuePage>, ProblemHttpResult, ValidationProblem>> Queue(
        long? after, int? limit, CallerAccessor callers, TopicLists lists, SimilarTopics similar, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        var grants = caller.GrantsOf(Roles.Reviewer).ToList();
        if (grants.Count == 0)
        {
            return ApiProblem.Forbidden("只有审题人可以查看待审议题。");
        }

        var page = await lists.QueueAsync(grants, TopicStatus.Submitted, after, limit, ct);
        if (page.Result is not Ok<TopicPage> { Value: { } topics })
        {
            return page.Result is ValidationProblem invalid ? invalid : (ProblemHttpResult)page.Result;
        }

        var found = await similar.ForTopicsAsync(topics.Items.Select(t => t.Id).ToList(), ct);
        return TypedResults.Ok(new QueuePage(topics.Items.Select(t =>
        {
            var like = found.GetValueOrDefault(t.Id) ?? [];
            var duplicateOf = like.FirstOrDefault(s => s.Score >= Similarity.FlagThreshold && s.Status is not (TopicStatus.Completed or TopicStatus.Closed));
            return new QueueItem(
                t.Id, t.ReceiptNo, t.RoomId, t.RoomName, t.Title, t.CategoryId, t.CategoryName, t.Status, t.StatusName, t.Stage, t.Classification,
                t.SupportCount, t.CommentCount, t.HeldForModeration, t.SubmittedAt, t.UpdatedAt, like, duplicateOf?.Id);
        }).ToList(), topics.NextAfter));
    }
}
