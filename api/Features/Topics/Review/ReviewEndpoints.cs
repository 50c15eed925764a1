using Dapper;
using MaShangYi.Api.Infrastructure.Auth;
using FluentValidation;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Topics;

/// <summary>审题: reviewers accept, reject (citing 五议五不议), refer or merge submitted topics, and classify A/B/C.</summary>
public static class ReviewEndpoints
{
    public sealed record ClassifyRequest(string Class, string? Note, DateOnly? NextReviewOn);

    /// <summary>Accepting a topic; <paramref name="CategoryId"/> sets or corrects its category (a resident may have left it to the room's default).</summary>
    public sealed record AcceptRequest(DateOnly AnnouncementEndsOn, string? Note, ClassifyRequest? Classification, long? CategoryId = null);

    public sealed record RejectRequest(long CriterionId, string Reason);

    public sealed record ReferRequest(string Target, string? Reference, string? Note);

    public sealed record MergeRequest(long IntoTopicId, string? Note);

    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/topics/{id:long}").WithTags("Review").RequireAuthorization().WithValidation();
        group.MapPost("/accept", Accept).WithSummary("Accept a submitted topic for deliberation and announce it until a date (reviewer)").Problems();
        group.MapPost("/reject", Reject).WithSummary("Reject a submitted topic, citing a 五议五不议 criterion with a reason the proposer reads (reviewer)").Problems();
        group.MapPost("/refer", Refer).WithSummary("Refer a simple service request to a department or 12345, with its external reference (reviewer)").Problems();
        group.MapPost("/merge", Merge).WithSummary("Merge a submitted topic into an existing one it duplicates (reviewer)").Problems();
        group.MapPost("/classify", Classify).WithSummary("Set or change the A/B/C classification: B needs a next-review date, C an explanation (reviewer, room admin)").Problems();
        return app;
    }

    /// <summary>The problems every workflow action may answer with, documented once.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Accept(long id, AcceptRequest request, TopicStore store, TimeProvider clock, CancellationToken ct) =>
        store.RunAsync(id, ActionName.Accept, request.Note, async context =>
        {
            if (request.AnnouncementEndsOn < LocalDate.Of(context.Now))
            {
                return ApiProblem.FieldRule("announcement_date_past", "announcementEndsOn", "公示截止日期不能早于今天。");
            }

            if (request.CategoryId is { } categoryId
                && !await context.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM topic_categories WHERE id = @categoryId AND is_active = 1)", new { categoryId }))
            {
                return ApiProblem.Create(422, "category_unknown", "这个类别不存在或已停用，请重新选择。");
            }

            context.Reviewed(request.CategoryId);
            await context.ExecuteAsync(
                "UPDATE topics SET announcement_ends_on = @ends, moderation = 'visible' WHERE id = @Id",
                new { ends = request.AnnouncementEndsOn.ToDateTime(TimeOnly.MinValue), context.Topic.Id });
            return request.Classification is { } c ? await SetClassAsync(context, c) : null;
        }, ct);

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Reject(long id, RejectRequest request, TopicStore store, CancellationToken ct) =>
        store.RunAsync(id, ActionName.Reject, request.Reason.Trim(), async context =>
        {
            // The criterion must be one the topic's city (region_l1) uses, its own set or the defaults until it has one, and active.
            var kind = await context.ScalarAsync<string?>(
                $"SELECT kind FROM review_criteria WHERE id = @CriterionId AND is_active = 1 AND {ReviewCriteria.UsedBy("(SELECT region_l1 FROM topics WHERE id = @Id)")}",
                new { request.CriterionId, context.Topic.Id });
            if (kind is null)
            {
                return ApiProblem.Create(422, "criterion_unknown", "请选择本市在用的“五不议”审题标准：所选的一条已停用，或不是本市的。");
            }

            // A 五议 criterion names a matter that is deliberated: it is a reason to accept, and the proposer would read
            // "不予受理" beside it.
            if (kind != ReviewCriteria.Criterion.NotDeliberate)
            {
                return ApiProblem.Create(422, "criterion_not_a_rejection", "不予受理须引用“五不议”中的一条；所选的是“五议”（应当协商的事项），这样的议题应当受理。");
            }

            context.Reviewed();
            await context.ExecuteAsync(
                "UPDATE topics SET rejection_criterion_id = @CriterionId, rejection_reason = @reason WHERE id = @Id",
                new { request.CriterionId, reason = request.Reason.Trim(), context.Topic.Id });
            return null;
        }, ct);

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Refer(long id, ReferRequest request, TopicStore store, CancellationToken ct) =>
        store.RunAsync(id, ActionName.Refer, request.Note, async context =>
        {
            context.Reviewed();
            await context.ExecuteAsync(
                "UPDATE topics SET referral_target = @target, referral_ref = @reference, moderation = 'visible' WHERE id = @Id",
                new { target = request.Target.Trim(), reference = request.Reference?.Trim(), context.Topic.Id });
            return null;
        }, ct);

    private sealed record MergeTarget(long Id, string Status, long RoomId, long? Town, string RoomPath, long? OwnTown);

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Merge(long id, MergeRequest request, TopicStore store, CancellationToken ct) =>
        store.RunAsync(id, ActionName.Merge, request.Note, async context =>
        {
            // The same issue raised in two rooms of a town (重复诉求) is merged too: the target must be of the same town (the
            // same room where the room has no town), and the reviewer must review the target's room as well.
            var target = await context.Connection.QuerySingleOrDefaultAsync<MergeTarget>(new CommandDefinition(
                """
                SELECT t.id, t.status, t.room_id AS RoomId, t.region_l3 AS Town, r.path AS RoomPath,
                       (SELECT region_l3 FROM topics WHERE id = @Id) AS OwnTown
                FROM topics t JOIN rooms m ON m.id = t.room_id JOIN regions r ON r.id = m.region_id
                WHERE t.id = @IntoTopicId
                """,
                new { request.IntoTopicId, context.Topic.Id }, context.Transaction, cancellationToken: context.Ct));
            if (target is null || target.Id == context.Topic.Id || !TopicStatus.Public.Contains(target.Status) || target.Status == TopicStatus.Referred)
            {
                return ApiProblem.Create(422, "merge_target_invalid", "只能合并到已受理的其他议题。");
            }

            var sameTown = target.Town is { } town && town == target.OwnTown;
            if (!sameTown && target.RoomId != context.Topic.RoomId)
            {
                return ApiProblem.Create(422, "merge_target_other_room", "只能合并到同一镇街（或同一议事室）的议题。");
            }

            if (!context.Caller.HasAnyRole(target.RoomPath, Roles.Reviewer))
            {
                return ApiProblem.Forbidden("您不审核那个议题所在的议事室，不能合并到它。");
            }

            context.Reviewed();
            await context.ExecuteAsync("UPDATE topics SET merged_into_id = @IntoTopicId WHERE id = @Id", new { request.IntoTopicId, context.Topic.Id });
            return null;
        }, ct);

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Classify(long id, ClassifyRequest request, TopicStore store, CancellationToken ct) =>
        store.RunAsync(id, ActionName.Classify, Classes.Name(request.Class) + (request.Note is null ? "" : "：" + request.Note.Trim()), context => SetClassAsync(context, request), ct);

    private static async Task<ProblemHttpResult?> SetClassAsync(ActionContext context, ClassifyRequest request)
    {
        if (request.Class == "B" && request.NextReviewOn is { } next && next <= LocalDate.Of(context.Now))
        {
            return ApiProblem.FieldRule("next_review_past", "nextReviewOn", "B 类的下次跟踪日期须晚于今天。");
        }

        context.Classified(request.Class);
        await context.ExecuteAsync(
            "UPDATE topics SET class_note = @note, next_review_on = @next WHERE id = @Id",
            new
            {
                note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
                next = request.Class == "B" ? request.NextReviewOn?.ToDateTime(TimeOnly.MinValue) : null,
                context.Topic.Id,
            });
        return null;
    }

    internal sealed class ClassifyValidator : AbstractValidator<ClassifyRequest>
    {
        public ClassifyValidator()
        {
            RuleFor(x => x.Class).Must(c => c is "A" or "B" or "C").WithMessage("分类应为 A、B 或 C。");
            RuleFor(x => x.NextReviewOn).NotNull().When(x => x.Class == "B").WithMessage("B 类须填写下次跟踪日期。");
            RuleFor(x => x.Note).Must(n => !string.IsNullOrWhiteSpace(n)).When(x => x.Class == "C").WithMessage("C 类须说明不予办理的原因，提出人可以看到。");
            RuleFor(x => x.Note).MaximumLength(500).WithMessage("说明不超过 500 个字。");
        }
    }

    internal sealed class AcceptValidator : AbstractValidator<AcceptRequest>
    {
        public AcceptValidator()
        {
            RuleFor(x => x.AnnouncementEndsOn).NotEqual(default(DateOnly)).WithMessage("请填写公示截止日期。");
            RuleFor(x => x.Note).MaximumLength(500).WithMessage("备注不超过 500 个字。");
            RuleFor(x => x.Classification!).SetValidator(new ClassifyValidator()).When(x => x.Classification is not null);
            RuleFor(x => x.CategoryId).GreaterThan(0).When(x => x.CategoryId is not null).WithMessage("请选择问题类别。");
        }
    }

    internal sealed class RejectValidator : AbstractValidator<RejectRequest>
    {
        public RejectValidator()
        {
            RuleFor(x => x.CriterionId).GreaterThan(0).WithMessage("请选择“五议五不议”审题标准。");
            RuleFor(x => x.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("请填写不予受理的理由，提出人可以看到。")
                .MaximumLength(500).WithMessage("理由不超过 500 个字。");
        }
    }

    internal sealed class ReferValidator : AbstractValidator<ReferRequest>
    {
        public ReferValidator()
        {
            RuleFor(x => x.Target).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("请填写转办的部门或渠道（如 12345 热线）。")
                .MaximumLength(100).WithMessage("转办对象不超过 100 个字。");
            RuleFor(x => x.Reference).MaximumLength(64).WithMessage("工单编号不超过 64 个字符。");
            RuleFor(x => x.Note).MaximumLength(500).WithMessage("备注不超过 500 个字。");
        }
    }

    internal sealed class MergeValidator : AbstractValidator<MergeRequest>
    {
        public MergeValidator()
        {
            RuleFor(x => x.IntoTopicId).GreaterThan(0).WithMessage("请选择要合并到的议题。");
            RuleFor(x => x.Note).MaximumLength(500).WithMessage("备注不超过 500 个字。");
        }
    }
}
