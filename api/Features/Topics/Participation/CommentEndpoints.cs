using System.Security.Claims;
using Dapper;
using FluentValidation;
using MaShangYi.Api.Features.Photos;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
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
    /// <summary>A comment; <paramref name="PhotoIds"/>: at most one photo the caller uploaded (POST /api/photos).</summary>
    public sealed record CommentRequest(string Stance, string Body, IReadOnlyList<long>? PhotoIds = null);

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

    /// <summary>
    /// Three query round trips: the check, with the author's openid (for the content check) and the photo's candidates;
    /// begin, the count (taking the topic's lock), the comment, its photo, and the state and the comment's id; the commit.
    /// WeChat's content check runs between the first two, outside the transaction.
    /// </summary>
    private static async Task<Results<Created<CommentView>, ProblemHttpResult, ValidationProblem>> Post(
        long id, CommentRequest request, ClaimsPrincipal user, TopicStore store, ContentChecks checks, PhotoViews photoViews, MySqlDataSource db, TimeProvider clock,
        CancellationToken ct)
    {
        var userId = user.UserId();
        var (topic, caller, problem, (openId, candidates)) = await store.CheckPublicAsync(id, ActionName.Comment,
            "SELECT openid FROM users WHERE id = @authorId;\n" + PhotoAttachments.CandidatesSql,
            new { authorId = userId, photoIds = PhotoAttachments.IdsArg(request.PhotoIds) },
            async read => (await read.ReadSingleOrDefaultAsync<string>(), (await read.ReadAsync<PhotoAttachments.Candidate>()).AsList()), ct);
        if (problem is not null)
        {
            return problem;
        }

        if (PhotoAttachments.Check(request.PhotoIds, candidates, userId, PhotoAttachments.Comment, null) is { } photoProblem)
        {
            return ApiProblem.Validation("photoIds", photoProblem);
        }

        var body = request.Body.Trim();
        var outcome = await checks.CheckAsync(openId!, null, body, TextCheckScene.Comment, ct);
        if (outcome == ContentOutcome.Refused)
        {
            return ApiProblem.Create(422, "content_risky", "这条意见没有通过安全检查，请换个说法再发表。");
        }

        var now = clock.StoredNow();
        var moderation = ContentChecks.Moderation(outcome);
        // A deadlock (or a Galera certification failure) rolled the whole transaction back: run it again.
        var (commentId, changed) = await Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            try
            {
                // The count first (of a published comment; a held one counts 0): its update takes the topic's lock, under which
                // the state decides again (comments may have closed since the check), and comments of one topic queue on it
                // rather than deadlock upgrading the share lock the comment's foreign key takes.
                var script = new ChangeScript(connection, null, ct).Add(ChangeScript.Begin)
                    .Add("UPDATE topics SET comment_count = comment_count + @counted WHERE id = @id", new { id, counted = outcome == ContentOutcome.Visible ? 1 : 0 })
                    .Add(
                        "INSERT INTO topic_comments (topic_id, user_id, stance, body, moderation, created_at) VALUES (@id, @userId, @stance, @body, @moderation, @now)",
                        new { id, userId, stance = request.Stance, body, moderation, now });
                if (request.PhotoIds is { Count: > 0 } photoIds)
                {
                    // The photo is attached in the insert's round trip, to the id the insert made.
                    var (attachSql, attachArgs) = PhotoAttachments.Statement(photoIds, userId, topic!.RoomId, id, PhotoAttachments.Comment, "LAST_INSERT_ID()", "ph");
                    script.Add(attachSql, attachArgs);
                }

                // The photo's update does not change LAST_INSERT_ID(): it is still the comment's.
                var (status, inserted) = await script.QueryAsync("SELECT status, LAST_INSERT_ID() FROM topics WHERE id = @id", new { id }, read => read.ReadSingleAsync<(string, long)>());
                if (TopicStore.Recheck(ActionName.Comment, status) is { } refusal)
                {
                    await ChangeScript.RollBackAsync(connection);
                    return (0L, refusal);
                }

                await script.Add("COMMIT").ExecuteAsync();
                return (inserted, (ProblemHttpResult?)null);
            }
            catch
            {
                await ChangeScript.RollBackAsync(connection);
                throw;
            }
        }, ct);
        if (changed is not null)
        {
            return changed;
        }

        var topicIsPublic = TopicStatus.Public.Contains(topic!.Status);
        var photos = PhotoAttachments.Rows(request.PhotoIds, candidates, PhotoAttachments.Comment, commentId).Select(p => photoViews.View(p, userId, topicIsPublic)).ToList();
        var view = CommentViews.ToView(new CommentViews.CommentRow(commentId, userId, request.Stance, body, moderation, null, 0, now, 0), userId, isStaff: false, photos);
        return TypedResults.Created($"/api/topics/{id}/comments", view);
    }

    /// <summary>Two query round trips on a read's connection: the topic's state with the caller's grants; the page.</summary>
    private static async Task<Results<Ok<CommentPage>, ProblemHttpResult, ValidationProblem>> List(
        long id, [AsParameters] CommentQuery query, TopicStore store, Reads reads, PhotoViews photoViews, CancellationToken ct)
    {
        if (!PageSize.TryRead(query.Limit, 50, out var take, out var pageProblem))
        {
            return pageProblem!;
        }

        return await reads.RunAsync<Results<Ok<CommentPage>, ProblemHttpResult, ValidationProblem>>(async connection =>
        {
            var (topic, moderation, caller) = await store.ReadVisibleAsync(connection, id, ct);
            if (topic is null)
            {
                return TopicStore.TopicNotFound();
            }

            var isStaff = CommentViews.IsStaff(caller, topic.RoomPath);
            var topicIsPublic = TopicStatus.Public.Contains(topic.Status) && moderation == "visible";
            return TypedResults.Ok(await CommentViews.PageAsync(connection, photoViews, topicIsPublic, id, caller.UserId, isStaff, query.After, take, ct));
        }, ct);
    }

    internal sealed class CommentValidator : AbstractValidator<CommentRequest>
    {
        public CommentValidator()
        {
            RuleFor(x => x.Stance).Must(s => s is not null && CommentViews.StanceNames.ContainsKey(s))
                .WithMessage("请先选择：支持、有疑问或建议。");
            RuleFor(x => x.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("请写下您的意见。")
                .Must(b => b is null || b.Trim().Length <= 1000).WithMessage("意见不超过 1000 个字，请删减一些。");
            RuleFor(x => x.PhotoIds).Must(p => p is null || p.Distinct().Count() <= 1).WithMessage(PhotoAttachments.TooMany(1));
        }
    }
}
