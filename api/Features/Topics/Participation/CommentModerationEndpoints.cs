using System.Security.Claims;
using Dapper;
using FluentValidation;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// Keeping comments civil: room admins hide a comment (with a public reason) or publish a held one, both as workflow
/// actions on the timeline; any logged-in user reports a comment once. Nothing is deleted: the audit trail stays.
/// </summary>
public static class CommentModerationEndpoints
{
    public sealed record HideRequest(string Reason);

    public sealed record CommentReportRequest(string? Reason);

    public static IEndpointRouteBuilder MapCommentModerationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/topics/{id:long}/comments/{commentId:long}").WithTags("Participation").RequireAuthorization().WithValidation();
        group.MapPost("/hide", Hide)
            .WithSummary("Hide a comment, with a reason everyone sees in its place (room admin)")
            .WithDescription("The comment stays in the list as hidden, without its text, and is kept for the audit trail; the action lands on the topic's timeline.")
            .Problems();
        group.MapPost("/approve", Approve)
            .WithSummary("Publish a comment held for moderation, or keep a reported one public and dismiss its reports (room admin)")
            .WithDescription("A held comment becomes public. A public comment someone reported stays public and leaves the moderation queue; a later report brings it back. A public comment without reports, or a hidden one, answers 409.")
            .Problems();
        group.MapPost("/report", Report)
            .WithSummary("Report a comment to the room's moderators, once per user")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Hide(long id, long commentId, HideRequest request, TopicStore store, CancellationToken ct)
    {
        var reason = request.Reason.Trim();
        return store.RunAsync(id, ActionName.HideComment, reason, async context =>
        {
            if (await LockAsync(context, commentId) is not { Moderation: var moderation })
            {
                return CommentNotFound();
            }

            if (moderation == "hidden")
            {
                return ApiProblem.Conflict("comment_already_hidden", "这条意见已被屏蔽。");
            }

            await context.ExecuteAsync(
                "UPDATE topic_comments SET moderation = 'hidden', hidden_reason = @reason, hidden_by = @userId WHERE id = @commentId",
                new { reason, userId = context.Caller.UserId, commentId });
            if (moderation == "visible")
            {
                await context.ExecuteAsync("UPDATE topics SET comment_count = comment_count - 1 WHERE id = @Id", new { context.Topic.Id });
            }

            return null;
        }, ct);
    }

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Approve(long id, long commentId, TopicStore store, CancellationToken ct) =>
        store.RunAsync(id, ActionName.ApproveComment, null, async context =>
        {
            if (await LockAsync(context, commentId) is not { Moderation: var moderation, Reports: var reports })
            {
                return CommentNotFound();
            }

            if (moderation == "visible" && reports > 0)
            {
                // The admin read what was reported and keeps it: it stays public and leaves the queue. The timeline says so,
                // not that a comment was published (it was public all along), and nothing of the reports (staff only).
                await context.ExecuteAsync("UPDATE topic_comments SET report_count = 0 WHERE id = @commentId", new { commentId });
                context.Note = KeptNote;
                return null;
            }

            if (moderation != "held")
            {
                return ApiProblem.Conflict("comment_not_held", moderation == "hidden" ? "这条意见已被屏蔽，不能再公开。" : "这条意见已经公开。");
            }

            await context.ExecuteAsync("UPDATE topic_comments SET moderation = 'visible' WHERE id = @commentId", new { commentId });
            await context.ExecuteAsync("UPDATE topics SET comment_count = comment_count + 1 WHERE id = @Id", new { context.Topic.Id });
            return null;
        }, ct);

    /// <summary>
    /// Three query round trips: the topic as the caller may see it, with the caller's grants and the comment; begin, the
    /// comment's lock with its state, and the report (once per user, by its key); the count and commit. The comment is
    /// locked first, so two reports at once queue instead of deadlocking on the count (each report's foreign key
    /// share-locks the comment's row).
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Report(
        long id, long commentId, CommentReportRequest request, ClaimsPrincipal user, TopicStore store, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var userId = user.UserId();
        var (topic, _, caller, comment) = await store.ReadVisibleAsync(id,
            "SELECT moderation, user_id FROM topic_comments WHERE id = @commentId AND topic_id = @id", new { commentId },
            read => read.ReadSingleOrDefaultAsync<(string Moderation, long UserId)?>(), ct);
        if (topic is null)
        {
            return TopicStore.TopicNotFound();
        }

        // A held comment is not there for anyone but its author and the staff, so it cannot be reported by others.
        if (comment is not { } c || (c.Moderation == "held" && c.UserId != userId && !CommentViews.IsStaff(caller, topic.RoomPath)))
        {
            return CommentNotFound();
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        try
        {
            var script = new ChangeScript(connection, null, ct).Add(ChangeScript.Begin);
            var (moderation, inserted) = await script.QueryAsync(
                """
                SELECT moderation FROM topic_comments WHERE id = @commentId FOR UPDATE;
                INSERT IGNORE INTO comment_reports (comment_id, user_id, reason, created_at) VALUES (@commentId, @userId, @reason, @now);
                SELECT ROW_COUNT()
                """,
                new { commentId, userId, reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), now = clock.StoredNow() },
                async read => (await read.ReadSingleAsync<string>(), await read.ReadSingleAsync<long>()));
            var refusal = moderation == "hidden" ? ApiProblem.Conflict("comment_already_hidden", "这条意见已被屏蔽，不用再举报。")
                : inserted == 0 ? ApiProblem.Conflict("already_reported", "您已经举报过这条意见，管理员会尽快处理。")
                : null;
            if (refusal is not null)
            {
                await ChangeScript.RollBackAsync(connection);
                return refusal;
            }

            await script.Add("UPDATE topic_comments SET report_count = report_count + 1 WHERE id = @commentId; COMMIT", new { commentId }).ExecuteAsync();
            return TypedResults.NoContent();
        }
        catch
        {
            await ChangeScript.RollBackAsync(connection);
            throw;
        }
    }

    /// <summary>
    /// The comment's moderation state and how many reports wait on it, row-locked for the rest of the action; null when it
    /// is not a comment of this topic.
    /// </summary>
    private static Task<CommentState?> LockAsync(ActionContext context, long commentId) =>
        context.ScalarAsync<CommentState>(
            "SELECT moderation, report_count AS Reports FROM topic_comments WHERE id = @commentId AND topic_id = @Id FOR UPDATE", new { commentId, context.Topic.Id });

    private sealed record CommentState(string Moderation, int Reports);

    /// <summary>The timeline's note when a room admin keeps a reported comment public.</summary>
    public const string KeptNote = "经查看，这条意见继续公开。";

    private static ProblemHttpResult CommentNotFound() => ApiProblem.NotFound("comment_not_found", "没有找到这条意见，请下拉刷新看看。");

    internal sealed class HideValidator : AbstractValidator<HideRequest>
    {
        public HideValidator()
        {
            RuleFor(x => x.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("请填写屏蔽理由，所有人都能看到。")
                .MaximumLength(200).WithMessage("理由不超过 200 个字。");
        }
    }

    internal sealed class CommentReportValidator : AbstractValidator<CommentReportRequest>
    {
        public CommentReportValidator()
        {
            RuleFor(x => x.Reason).MaximumLength(200).WithMessage("举报理由不超过 200 个字。");
        }
    }
}
