using Dapper;
using FluentValidation;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Paging;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// 码上建议: residents comment on a topic with a stance (support, doubt, suggestion) while it is open for comment.
/// A comment never names its author to anyone but the author: others see "居民".
/// </summary>
public static class CommentEndpoints
{
    public sealed record CommentRequest(string Stance, string Body);

    public sealed record CommentQuery(long? After, int? Limit);

    public static IEndpointRouteBuilder MapCommentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/topics/{id:long}/comments").WithTags("Participation");
        group.MapPost("", Post)
            .RequireAuthorization()
            .WithValidation()
            .WithSummary("Comment on a topic open for comment, with a stance: support, doubt or suggestion (码上建议)")
            .WithDescription("The text passes WeChat's content check: risky text is refused (422 content_risky, nothing stored); text to be reviewed, or text that could not be checked, is stored and held (held: true) — visible only to its author and to the staff over the room until a room admin approves it.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        group.MapGet("", List)
            .WithSummary("A topic's comments, newest first (keyset-paged: pass nextAfter as after), with counts per stance")
            .WithDescription("Readable by anyone who may see the topic. Authors are shown as 居民 (or 我 for the caller's own). Hidden comments stay in the list without their text; held ones are listed only for their author and the staff over the room. Counts are of published comments.")
            .ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    private static async Task<Results<Created<CommentView>, ProblemHttpResult, ValidationProblem>> Post(
        long id, CommentRequest request, TopicStore store, ContentChecks checks, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var (_, caller, problem) = await store.CheckPublicAsync(id, "comment", ct);
        if (problem is not null)
        {
            return problem;
        }

        var userId = caller.UserId!.Value;
        var body = request.Body.Trim();
        await using var connection = await db.OpenConnectionAsync(ct);
        var openId = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT openid FROM users WHERE id = @userId", new { userId }, cancellationToken: ct));
        var outcome = await checks.CheckAsync(openId!, null, body, TextCheckScene.Comment, ct);
        if (outcome == ContentOutcome.Refused)
        {
            return ApiProblem.Create(422, "content_risky", "这条意见没有通过安全检查，请换个说法再发表。");
        }

        var now = clock.StoredNow();
        var moderation = ContentChecks.Moderation(outcome);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var commentId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO topic_comments (topic_id, user_id, stance, body, moderation, created_at) VALUES (@id, @userId, @Stance, @body, @moderation, @now);
            SELECT LAST_INSERT_ID();
            """,
            new { id, userId, request.Stance, body, moderation, now }, tx, cancellationToken: ct));
        if (outcome == ContentOutcome.Visible)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE topics SET comment_count = comment_count + 1 WHERE id = @id", new { id }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        var view = CommentViews.ToView(new CommentViews.CommentRow(commentId, userId, request.Stance, body, moderation, null, 0, now, 0), userId, isStaff: false);
        return TypedResults.Created($"/api/topics/{id}/comments", view);
    }

    private static async Task<Results<Ok<CommentPage>, ProblemHttpResult, ValidationProblem>> List(
        long id, [AsParameters] CommentQuery query, CallerAccessor callers, MySqlDataSource db, CancellationToken ct)
    {
        if (!PageSize.TryRead(query.Limit, 50, out var take, out var pageProblem))
        {
            return pageProblem!;
        }

        var caller = await callers.GetAsync(ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        var loaded = await TopicStore.LoadStateAsync(connection, id, ct);
        if (loaded is not { } found || !TopicStore.CanSee(caller, found.State, found.Moderation))
        {
            return TopicStore.TopicNotFound();
        }

        var isStaff = CommentViews.IsStaff(caller, found.State.RoomPath);
        return TypedResults.Ok(await CommentViews.PageAsync(connection, id, caller.UserId, isStaff, query.After, take, ct));
    }

    internal sealed class CommentValidator : AbstractValidator<CommentRequest>
    {
        public CommentValidator()
        {
            RuleFor(x => x.Stance).Must(s => s is not null && CommentViews.StanceNames.ContainsKey(s))
                .WithMessage("请先选择：支持、有疑问或建议。");
            RuleFor(x => x.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("请写下您的意见。")
                .Must(b => b is null || b.Trim().Length <= 1000).WithMessage("意见不超过 1000 个字，请删减一些。");
        }
    }
}
