using System.Globalization;
using FluentValidation;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Topics;

/// <summary>决议公示 (DESIGN §4 step 6): the room admin publishes what the meeting resolved, with a deadline the public can hold them to.</summary>
public static class ResolutionEndpoints
{
    /// <summary>The resolution; <paramref name="ConfirmUnansweredDoubts"/>: go on although residents' doubts are unanswered (else 422 unanswered_doubts).</summary>
    public sealed record ResolutionRequest(string Text, DateOnly Deadline, bool ConfirmUnansweredDoubts = false);

    public static IEndpointRouteBuilder MapResolutionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/topics/{id:long}/resolution", Publish)
            .WithTags("Meetings")
            .RequireAuthorization()
            .WithValidation()
            .WithSummary("Publish the resolution of a deliberated topic with its deadline, for public comment and supervision (room admin)")
            .Problems();
        return app;
    }

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Publish(long id, ResolutionRequest request, TopicStore store, CancellationToken ct) =>
        store.RunAsync(id, ActionName.PublishResolution, "落实期限：" + request.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), async context =>
        {
            if (request.Deadline <= LocalDate.Of(context.Now))
            {
                return ApiProblem.FieldRule("resolution_deadline_past", "deadline", "落实期限须晚于今天。");
            }

            await context.ExecuteAsync(
                "UPDATE topics SET resolution_text = @text, resolution_deadline = @deadline WHERE id = @Id",
                new { text = request.Text.Trim(), deadline = request.Deadline.ToDateTime(TimeOnly.MinValue), context.Topic.Id });
            return null;
        }, request.ConfirmUnansweredDoubts, ct);

    internal sealed class ResolutionValidator : AbstractValidator<ResolutionRequest>
    {
        public ResolutionValidator()
        {
            RuleFor(x => x.Text).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("请填写决议内容。")
                .MaximumLength(5000).WithMessage("决议内容不超过 5000 个字。");
            RuleFor(x => x.Deadline).NotEqual(default(DateOnly)).WithMessage("请填写落实期限。");
        }
    }
}
