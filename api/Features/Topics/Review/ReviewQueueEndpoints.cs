using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using static MaShangYi.Api.Features.Topics.TopicQueryEndpoints;

namespace MaShangYi.Api.Features.Topics;

public static class ReviewQueueEndpoints
{
    public static IEndpointRouteBuilder MapReviewQueueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/review/queue", Queue)
            .WithTags("Review")
            .RequireAuthorization()
            .WithSummary("Submitted topics awaiting review in the reviewer's scope, oldest first (keyset-paged with after)")
            .WithDescription("Topics held for moderation (content check said review, or could not be reached) are here too, flagged heldForModeration.")
            .ProducesProblem(403);
        return app;
    }

    private static async Task<Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>> Queue(
        long? after, int? limit, CallerAccessor callers, TopicLists lists, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        var grants = caller.GrantsOf(Roles.Reviewer).ToList();
        if (grants.Count == 0)
        {
            return ApiProblem.Forbidden("只有审题人可以查看待审议题。");
        }

        var (condition, args) = TopicLists.UnderGrants(grants);
        return await lists.PageAsync(condition + " AND t.status = 'submitted'", args, new ListFilter(null, null, null, after, limit), publicOnly: false, newestFirst: false, ct);
    }
}
