using FluentValidation;
using MaShangYi.Api.Features.Notifications;
using MaShangYi.Api.Features.Statistics;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// 解疑释惑: the room's staff answer a comment officially (官方答复), signed by their unit or the room, never by a person.
/// Answering again corrects the answer: the earlier text is superseded, not overwritten. The first answer to a doubt takes
/// it off the topic's unanswered doubts, counts in the statistics and tells the commenter (a subscribe message, if they
/// hold a credit) — all in the action's own transaction.
/// </summary>
public static class AnswerEndpoints
{
    public sealed record AnswerRequest(string Text);

    public static IEndpointRouteBuilder MapAnswerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/topics/{id:long}/comments/{commentId:long}/answer", Answer)
            .WithTags("Participation")
            .RequireAuthorization()
            .WithValidation()
            .WithSummary("Answer a comment officially, or correct the answer (room admin, reviewer)")
            .WithDescription("Shown under the comment as 官方答复 with the answering unit (or the room's name) and time. The text passes the content check: "
                + "risky text is refused (422 content_risky), text that could not be passed now is refused too (422 content_unchecked), nothing stored. "
                + "Hidden comments and comments still held for moderation cannot be answered (409). The earlier text of a corrected answer stays on record.")
            .Problems();
        return app;
    }

    private sealed record CommentRow(string Moderation, string Stance, long UserId, DateTime? AnsweredAt, string? OpenId, string RoomName, string Title, string TopicModeration);

    // The comment's row is locked for the rest of the action, so of two answers at once the second is a correction of the first.
    private const string CommentSql = """
        SELECT c.moderation, c.stance, c.user_id AS UserId, c.answered_at AS AnsweredAt,
               (SELECT openid FROM users WHERE id = @me) AS OpenId, m.name AS RoomName, t.title, t.moderation AS TopicModeration
        FROM topic_comments c JOIN topics t ON t.id = c.topic_id JOIN rooms m ON m.id = t.room_id
        WHERE c.id = @commentId AND c.topic_id = @Id
        FOR UPDATE
        """;

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Answer(
        long id, long commentId, AnswerRequest request, TopicStore store, ContentChecks checks, Notifier notifier, CancellationToken ct)
    {
        var text = request.Text.Trim();
        return store.RunAsync(id, ActionName.AnswerComment, null, async context =>
        {
            var comment = await context.ScalarAsync<CommentRow>(CommentSql, new { commentId, context.Topic.Id, me = context.Caller.UserId });
            if (comment is null)
            {
                return ApiProblem.NotFound("comment_not_found", "没有找到这条意见，请下拉刷新看看。");
            }

            if (comment.Moderation != "visible")
            {
                return comment.Moderation == "hidden"
                    ? ApiProblem.Conflict("comment_hidden", "这条意见已被屏蔽，不能答复。")
                    : ApiProblem.Conflict("comment_held", "这条意见还在审核，公开后才能答复。");
            }

            // Checked under the topic's lock, with the caller's openid read beside the comment: a read of its own before the
            // action would be one more round trip for every answer; WeChat answers within its client's timeout.
            var outcome = comment.OpenId is null ? ContentOutcome.Held : await checks.CheckAsync(comment.OpenId, null, text, TextCheckScene.Comment, context.Ct);
            if (outcome != ContentOutcome.Visible)
            {
                return outcome == ContentOutcome.Refused
                    ? ApiProblem.Create(422, "content_risky", "这段答复没有通过内容安全检查，请换个说法再发布。")
                    : ApiProblem.Create(422, "content_unchecked", "这段答复暂时没能通过内容安全检查，请稍后再试，或换个说法。");
            }

            var path = context.Topic.RoomPath;
            var (role, _) = context.Caller.ActingAs(path, Roles.RoomAdmin, Roles.Reviewer);
            var unit = context.Caller.UnitsFor(role, path).FirstOrDefault() ?? comment.RoomName;
            var first = comment.AnsweredAt is null;
            var stance = CommentViews.StanceNames.GetValueOrDefault(comment.Stance, comment.Stance);
            context.Note = first ? $"答复一条“{stance}”意见" : $"更正对一条“{stance}”意见的官方答复";
            await context.ExecuteAsync(
                """
                UPDATE comment_answers SET superseded_at = @now WHERE comment_id = @commentId AND superseded_at IS NULL;
                INSERT INTO comment_answers (comment_id, topic_id, body, unit, actor_user_id, actor_role, created_at)
                VALUES (@commentId, @topicId, @text, @unit, @userId, @role, @now);
                UPDATE topic_comments SET answered_at = COALESCE(answered_at, @now) WHERE id = @commentId;
                """,
                new { commentId, topicId = context.Topic.Id, text, unit = unit.Length > 100 ? unit[..100] : unit, userId = context.Caller.UserId, role, now = context.Now });
            if (first)
            {
                if (comment.Stance == "doubt")
                {
                    StatisticsRollup.DoubtAnswered(context.Script, context.Topic.Id, commentId, context.Now);
                }

                if (comment.UserId != context.Caller.UserId)
                {
                    var title = comment.TopicModeration == "visible" ? comment.Title : "您关注的问题";
                    notifier.Queue(context.Script, NotificationTemplates.TopicProgress, [comment.UserId], new Dictionary<string, object>
                    {
                        ["topic"] = title, ["status"] = TopicStatus.Name(context.Topic.Status), ["note"] = "您的意见已有官方答复", ["time"] = context.Now,
                    }, context.Topic.Id, context.Now);
                }
            }

            return null;
        }, ct);
    }

    internal sealed class AnswerValidator : AbstractValidator<AnswerRequest>
    {
        public AnswerValidator()
        {
            RuleFor(x => x.Text).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("请填写答复内容，所有人都能看到。")
                .Must(t => t is null || t.Trim().Length <= 1000).WithMessage("答复不超过 1000 个字，请删减一些。");
        }
    }
}
