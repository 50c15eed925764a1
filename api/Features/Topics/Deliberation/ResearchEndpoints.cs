using FluentValidation;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using static MaShangYi.Api.Infrastructure.Validation.TextInput;

namespace MaShangYi.Api.Features.Topics;

/// <summary>调研: before a decision the room admin or a CPPCC member researches a topic and files reports anyone can read.</summary>
public static class ResearchEndpoints
{
    public sealed record StartResearchRequest(string? Note);

    public sealed record ResearchReportRequest(string Title, string Body, string AuthorUnit);

    public static IEndpointRouteBuilder MapResearchEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/topics/{id:long}").WithTags("Research").RequireAuthorization().WithValidation();
        group.MapPost("/research", StartResearch)
            .WithSummary("Start pre-decision research on an announced or reopened topic (room admin, CPPCC member)")
            .Problems();
        group.MapPost("/reports", AddReport)
            .WithSummary("File a research report on a topic under research (room admin, CPPCC member); it appears in the topic's reports")
            .WithDescription("The report names its author by role (from the caller's grant over the room) and unit, never by person.")
            .Problems();
        return app;
    }

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> StartResearch(long id, StartResearchRequest request, TopicStore store, CancellationToken ct) =>
        store.RunAsync(id, ActionName.StartResearch, Clean(request.Note), null, ct);

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> AddReport(long id, ResearchReportRequest request, TopicStore store, CancellationToken ct)
    {
        var title = request.Title.Trim();
        return store.RunAsync(id, ActionName.AddReport, $"《{title}》", async context =>
        {
            // The same role the timeline event names: the first of the action's roles the caller holds over the room.
            var (role, _) = context.Caller.ActingAs(context.Topic.RoomPath, Roles.RoomAdmin, Roles.CppccMember);
            await context.ExecuteAsync(
                """
                INSERT INTO research_reports (topic_id, round, title, body, author_role, author_unit, created_by, created_at)
                VALUES (@Id, @Round, @title, @body, @role, @unit, @userId, @Now)
                """,
                new { context.Topic.Id, context.Topic.Round, title, body = request.Body.Trim(), role, unit = request.AuthorUnit.Trim(), userId = context.Caller.UserId, context.Now });
            return null;
        }, ct);
    }

    internal sealed class StartResearchValidator : AbstractValidator<StartResearchRequest>
    {
        public StartResearchValidator()
        {
            RuleFor(x => x.Note).MaximumLength(500).WithMessage("备注不超过 500 个字。");
        }
    }

    internal sealed class ResearchReportValidator : AbstractValidator<ResearchReportRequest>
    {
        public ResearchReportValidator()
        {
            RuleFor(x => x.Title).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("请填写报告标题。")
                .MaximumLength(100).WithMessage("标题不超过 100 个字。");
            RuleFor(x => x.Body).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("请填写报告正文。")
                .MaximumLength(10000).WithMessage("正文不超过 10000 个字。");
            RuleFor(x => x.AuthorUnit).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("请填写撰写单位。")
                .MaximumLength(100).WithMessage("撰写单位不超过 100 个字。");
        }
    }
}
