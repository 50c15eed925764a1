using System.Security.Claims;
using Dapper;
using FluentValidation;
using MaShangYi.Api.Features.Photos;
using MaShangYi.Api.Features.Statistics;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using static MaShangYi.Api.Infrastructure.Validation.TextInput;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Topics;

/// <summary>反馈: results published, residents evaluate, the topic is closed or reopened for a new round; or escalated beyond the room.</summary>
public static class ClosingEndpoints
{
    /// <summary>The published result; <paramref name="PhotoIds"/>: up to six photos of the outcome the room admin uploaded.</summary>
    public sealed record CompleteRequest(string Result, IReadOnlyList<long>? PhotoIds = null);

    public sealed record EvaluateRequest(bool? Solved, bool? Satisfied, string? Comment);

    /// <summary>Closing; <paramref name="ConfirmUnansweredDoubts"/>: go on although residents' doubts are unanswered (else 422 unanswered_doubts).</summary>
    public sealed record CloseRequest(string? Note, bool ConfirmUnansweredDoubts = false);

    public sealed record ReopenRequest(string Reason);

    public sealed record EscalateRequest(string Kind, string Target, string? Reference);

    public static IEndpointRouteBuilder MapClosingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/topics/{id:long}").WithTags("Feedback").RequireAuthorization().WithValidation();
        group.MapPost("/complete", Complete)
            .WithSummary("Publish the result once every task of the round is done (room admin)").Problems();
        group.MapPost("/evaluations", Evaluate)
            .WithSummary("Evaluate a completed topic: solved or not, satisfied or not, with an optional comment (the proposer and any logged-in user, once a round)")
            .WithDescription("A second evaluation by the same user in the same round is 409. The comment passes the content check: risky text is refused; text to be reviewed is kept but shown only to its author.")
            .Problems();
        group.MapPost("/close", Close)
            .WithSummary("Close the topic (办结): it must be classified A/B/C; before a result is published only class C may be closed (room admin)").Problems();
        group.MapPost("/reopen", Reopen)
            .WithSummary("Reopen an unresolved topic for a new round of research and deliberation; the earlier round stays on the record (room admin)").Problems();
        group.MapPost("/escalate", Escalate)
            .WithSummary("Escalate a matter beyond the room's authority into a People's Congress proposal, a CPPCC proposal or a public-opinion report (room admin, CPPCC member)")
            .Problems();
        return app;
    }

    // The result goes on the timeline too: a reopened topic starts its next round without one, and the record keeps it.
    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Complete(long id, CompleteRequest request, TopicStore store, CancellationToken ct) =>
        store.RunAsync(id, ActionName.Complete, request.Result.Trim(), async context =>
        {
            if (await PhotoAttachments.ProblemAsync(context, request.PhotoIds, PhotoAttachments.Result) is { } photoProblem)
            {
                return photoProblem;
            }

            await context.ExecuteAsync("UPDATE topics SET result_text = @result WHERE id = @Id", new { result = request.Result.Trim(), context.Topic.Id });
            PhotoAttachments.Queue(context.Script, request.PhotoIds, context.Caller.UserId!.Value, context.Topic.RoomId, context.Topic.Id, PhotoAttachments.Result, context.Topic.Id);
            return null;
        }, ct);

    private static async Task<Results<Created<TopicDetail>, ProblemHttpResult>> Evaluate(
        long id, EvaluateRequest request, ClaimsPrincipal user, TopicStore store, TopicViews views, ContentChecks checks, MySqlDataSource db, TimeProvider clock,
        CancellationToken ct)
    {
        var userId = user.UserId();
        // The evaluator's openid, for the content check of a comment, in the check's round trip.
        var (topic, caller, problem, openId) = await store.CheckPublicAsync(id, ActionName.Evaluate,
            "SELECT openid FROM users WHERE id = @evaluatorId", new { evaluatorId = userId }, read => read.ReadSingleOrDefaultAsync<string>(), ct);
        if (problem is not null)
        {
            return problem;
        }

        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        var outcome = ContentOutcome.Visible;
        if (comment is not null)
        {
            outcome = await checks.CheckAsync(openId!, null, comment, TextCheckScene.Comment, ct);
            if (outcome == ContentOutcome.Refused)
            {
                return ApiProblem.Create(422, "content_risky", "评价的文字没有通过安全检查，请换个说法再提交。");
            }
        }

        var now = clock.StoredNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        try
        {
            // Taken in the round the topic is in at the moment of writing, and only while it still awaits evaluation; the
            // satisfaction figures count it in the same transaction (an evaluation is not a topic change). Two round trips.
            var script = new ChangeScript(connection, null, ct);
            var written = await script.QueryAsync(
                $"""
                {ChangeScript.Begin};
                INSERT INTO evaluations (topic_id, round, user_id, is_proposer, solved, satisfied, comment, moderation, created_at)
                SELECT id, round, @userId, @isProposer, @Solved, @Satisfied, @comment, @moderation, @now FROM topics WHERE id = @id AND status = 'completed';
                SELECT ROW_COUNT();
                """,
                new
                {
                    id, userId, isProposer = topic!.ProposerUserId == userId, request.Solved, request.Satisfied, comment,
                    moderation = ContentChecks.Moderation(outcome), now,
                },
                read => read.ReadSingleAsync<long>());
            if (written == 0)
            {
                await ChangeScript.RollBackAsync(connection);
                return TopicStore.TopicChanged();
            }

            StatisticsRollup.EvaluationGiven(script, id, userId, now);
            await script.Add("COMMIT").ExecuteAsync();
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            await ChangeScript.RollBackAsync(connection);
            return ApiProblem.Conflict("already_evaluated", "您已经评价过这次的办理结果了，谢谢。");
        }
        catch
        {
            await ChangeScript.RollBackAsync(connection);
            throw;
        }

        return TypedResults.Created($"/api/topics/{id}", await views.ReadBackAsync(connection, id, caller, ct));
    }

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Close(long id, CloseRequest request, TopicStore store, CancellationToken ct) =>
        store.RunAsync(id, ActionName.Close, Clean(request.Note), null, request.ConfirmUnansweredDoubts, ct);

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Reopen(long id, ReopenRequest request, TopicStore store, CancellationToken ct) =>
        store.RunAsync(id, ActionName.Reopen, request.Reason.Trim(), async context =>
        {
            // Tasks, evaluations, meetings and events keep the round they belong to; the topic moves on to the next.
            await context.ExecuteAsync("UPDATE topics SET round = round + 1, result_text = NULL WHERE id = @Id", new { context.Topic.Id });
            return null;
        }, ct);

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Escalate(long id, EscalateRequest request, TopicStore store, CancellationToken ct)
    {
        var target = request.Target.Trim();
        var reference = Clean(request.Reference);
        var note = $"{EscalationKinds.Names[request.Kind]}：{target}" + (reference is null ? "" : $"（{reference}）");
        return store.RunAsync(id, ActionName.Escalate, note, async context =>
        {
            await context.ExecuteAsync(
                "UPDATE topics SET escalation_kind = @Kind, escalation_target = @target, escalation_ref = @reference WHERE id = @Id",
                new { request.Kind, target, reference, context.Topic.Id });
            return null;
        }, ct);
    }

    internal sealed class CompleteValidator : AbstractValidator<CompleteRequest>
    {
        public CompleteValidator()
        {
            RuleFor(x => x.Result).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("请填写办理结果，居民可以看到。")
                .MaximumLength(2000).WithMessage("办理结果不超过 2000 个字。");
            RuleFor(x => x.PhotoIds).Must(p => p is null || p.Distinct().Count() <= PhotoAttachments.MaxPerAction).WithMessage(PhotoAttachments.TooMany(PhotoAttachments.MaxPerAction));
        }
    }

    internal sealed class EvaluateValidator : AbstractValidator<EvaluateRequest>
    {
        public EvaluateValidator()
        {
            RuleFor(x => x.Solved).NotNull().WithMessage("请选择问题是否已解决。");
            RuleFor(x => x.Satisfied).NotNull().WithMessage("请选择是否满意。");
            RuleFor(x => x.Comment).MaximumLength(500).WithMessage("评价不超过 500 个字。");
        }
    }

    internal sealed class CloseValidator : AbstractValidator<CloseRequest>
    {
        public CloseValidator()
        {
            RuleFor(x => x.Note).MaximumLength(500).WithMessage("备注不超过 500 个字。");
        }
    }

    internal sealed class ReopenValidator : AbstractValidator<ReopenRequest>
    {
        public ReopenValidator()
        {
            RuleFor(x => x.Reason).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("请说明重新协商的原因。")
                .MaximumLength(500).WithMessage("原因不超过 500 个字。");
        }
    }

    internal sealed class EscalateValidator : AbstractValidator<EscalateRequest>
    {
        public EscalateValidator()
        {
            RuleFor(x => x.Kind).Must(k => k is not null && EscalationKinds.Names.ContainsKey(k))
                .WithMessage("请选择转为人大建议、政协提案或社情民意。");
            RuleFor(x => x.Target).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("请填写报送对象（如区人大常委会）。")
                .MaximumLength(100).WithMessage("报送对象不超过 100 个字。");
            RuleFor(x => x.Reference).MaximumLength(64).WithMessage("编号不超过 64 个字符。");
        }
    }
}
