using MaShangYi.Api.Infrastructure.Database;
using Dapper;
using MaShangYi.Api.Features.Photos;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// The room admin's moderation queue: comments held by the content check and visible comments someone reported, across
/// the admin's scope, oldest first. They are handled with the comment's own hide and approve actions. Beside them, the
/// photos waiting for the admin: in review, or still unchecked after the check's half hour (approve or hide).
/// </summary>
public static class ModerationQueueEndpoints
{
    public sealed record ModerationItem(
        long CommentId, long TopicId, string TopicTitle, string RoomName, string Stance, string Body, string State, int ReportCount, DateTime CreatedAt);

    /// <summary><see cref="Photos"/>: the oldest waiting photos (at most <see cref="PhotoModeration.QueueSize"/>), on every page.</summary>
    public sealed record ModerationPage(IReadOnlyList<ModerationItem> Items, long? NextAfter, IReadOnlyList<PhotoModerationItem> Photos);

    public static IEndpointRouteBuilder MapModerationQueueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/moderation/queue", Queue)
            .WithTags("Participation")
            .RequireAuthorization()
            .WithSummary("Held and reported comments in the room admin's scope, oldest first (keyset-paged with after = the nextAfter given), and photos waiting for review")
            .WithDescription("state is held (awaiting moderation: approve or hide) or reported (visible, reported at least once: hide, or leave it). Act with POST /api/topics/{id}/comments/{commentId}/hide or /approve. photos lists photos in review or still unchecked after 30 minutes: act with POST /api/photos/{photoId}/approve or /hide.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        return app;
    }

    private sealed class Row
    {
        public long CommentId { get; init; }
        public long TopicId { get; init; }
        public string TopicTitle { get; init; } = "";
        public string RoomName { get; init; } = "";
        public string Stance { get; init; } = "";
        public string Body { get; init; } = "";
        public string Moderation { get; init; } = "";
        public int ReportCount { get; init; }
        public DateTime CreatedAt { get; init; }
    }

    private static async Task<Results<Ok<ModerationPage>, ProblemHttpResult, ValidationProblem>> Queue(
        long? after, int? limit, CallerAccessor callers, PhotoModeration photos, Reads reads, CancellationToken ct)
    {
        if (!PageSize.TryRead(limit, 50, out var take, out var pageProblem))
        {
            return pageProblem!;
        }

        var grants = (await callers.GetAsync(ct)).GrantsOf(Roles.RoomAdmin).ToList();
        if (grants.Count == 0)
        {
            return ApiProblem.Forbidden("只有议事室管理员可以处理待审和被举报的评论。");
        }

        var (scope, args) = TopicLists.UnderGrants(grants);
        args.AddDynamicParams(new { after = after ?? 0, take = take + 1, photoStale = photos.StaleBefore });
        // The flagged comments first, along (moderation, report_count): few in any province, and each then checked against
        // the scope. Left to itself the optimiser walked the scope's topics instead — a city's 150,000 on the
        // 2,000,000-topic province, 600 ms for an empty queue against 0.3 ms (docs/benchmarks.md).
        var (rows, waiting) = await reads.RunAsync(async connection =>
        {
            await using var read = await connection.QueryResultsAsync(new CommandDefinition(
                $"""
                SELECT c.id AS CommentId, t.id AS TopicId, t.title AS TopicTitle, m.name AS RoomName, c.stance, c.body, c.moderation,
                       c.report_count AS ReportCount, c.created_at AS CreatedAt
                FROM topic_comments c FORCE INDEX (ix_topic_comments_moderation) JOIN topics t ON t.id = c.topic_id JOIN rooms m ON m.id = t.room_id
                WHERE (c.moderation = 'held' OR (c.moderation = 'visible' AND c.report_count > 0)) AND {scope} AND c.id > @after
                ORDER BY c.id
                LIMIT @take;
                {PhotoModeration.QueueSql(scope)};
                """,
                args, cancellationToken: ct));
            return ((await read.ReadAsync<Row>()).AsList(), (await read.ReadAsync<PhotoModeration.QueueRow>()).Select(photos.ToItem).ToList());
        }, ct);
        var page = rows.Take(take).Select(r => new ModerationItem(
            r.CommentId, r.TopicId, r.TopicTitle, r.RoomName, r.Stance, r.Body, r.Moderation == "held" ? "held" : "reported", r.ReportCount, r.CreatedAt)).ToList();
        return TypedResults.Ok(new ModerationPage(page, rows.Count > take ? page[^1].CommentId : null, waiting));
    }
}
