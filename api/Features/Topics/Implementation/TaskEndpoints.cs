using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using FluentValidation;
using MaShangYi.Api.Features.Photos;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MaShangYi.Api.Infrastructure.Time;
using MaShangYi.Api.Infrastructure.Paging;

namespace MaShangYi.Api.Features.Topics;

/// <summary>落实: the room admin sets up implementation tasks; the responsible unit reports progress on its own tasks.</summary>
public static class TaskEndpoints
{
    public sealed record MilestoneRequest(string Title, DateOnly DueOn);

    public sealed record AddTaskRequest(string Title, string LeadPerson, string Unit, DateOnly DueOn, IReadOnlyList<MilestoneRequest>? Milestones);

    /// <summary>A progress report; <paramref name="PhotoIds"/>: up to six photos the implementer uploaded (POST /api/photos).</summary>
    public sealed record ProgressRequest(int? Progress, string Note, IReadOnlyList<long>? MilestonesDone, IReadOnlyList<long>? PhotoIds = null);

    public sealed record MyTask(
        long Id, string Title, string LeadPerson, string Unit, DateOnly DueOn, int Progress, bool IsOverdue, long TopicId, string ReceiptNo, string TopicTitle, string RoomName);

    public sealed record MyTaskPage(IReadOnlyList<MyTask> Items, string? NextAfter);

    public static IEndpointRouteBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/tasks", MyTasks)
            .WithTags("Implementation")
            .RequireAuthorization()
            .WithSummary("The open tasks of the implementer's units in their grants' scope, overdue first (keyset-paged with after = the nextAfter given)")
            .WithDescription("Tasks of the current round of topics being implemented that are not yet at 100%, ordered by due date, so overdue ones come first.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        var group = app.MapGroup("/api/topics/{id:long}/tasks").WithTags("Implementation").RequireAuthorization().WithValidation();
        group.MapPost("", AddTask)
            .WithSummary("Set up an implementation task of the current round: lead person, responsible unit, due date, milestones (room admin)")
            .WithDescription("Allowed once the resolution is published; the topic moves to implementing. More tasks may be added while it is implementing.")
            .Problems();
        group.MapPost("/{taskId:long}/progress", ReportProgress)
            .WithSummary("Report progress on a task with a note and a percentage that never goes backwards (implementer of the task's unit)")
            .WithDescription("milestonesDone lists the ids of milestones of this task reached with this report. A task of another unit is 403 even on the same topic.")
            .Problems();
        return app;
    }

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> AddTask(long id, AddTaskRequest request, TopicStore store, CancellationToken ct) =>
        store.RunAsync(id, ActionName.AddTask, $"{request.Title.Trim()}（{request.Unit.Trim()}，牵头人 {request.LeadPerson.Trim()}）", async context =>
        {
            await context.ExecuteAsync(
                """
                INSERT INTO tasks (topic_id, round, title, lead_person, unit, due_on, progress, created_at, updated_at)
                VALUES (@Id, @Round, @title, @lead, @unit, @due, 0, @Now, @Now)
                """,
                new
                {
                    context.Topic.Id, context.Topic.Round, title = request.Title.Trim(), lead = request.LeadPerson.Trim(), unit = request.Unit.Trim(),
                    due = request.DueOn.ToDateTime(TimeOnly.MinValue), context.Now,
                });
            // Queued with the task: the topic's row lock keeps any other task of it from coming between.
            foreach (var milestone in request.Milestones ?? [])
            {
                await context.ExecuteAsync(
                    "INSERT INTO task_milestones (task_id, title, due_on) SELECT MAX(id), @milestone, @milestoneDue FROM tasks WHERE topic_id = @Id",
                    new { milestone = milestone.Title.Trim(), milestoneDue = milestone.DueOn.ToDateTime(TimeOnly.MinValue), context.Topic.Id });
            }

            return null;
        }, ct);

    private sealed record TaskRow(long Id, string Title, string Unit, int Round, int Progress);

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> ReportProgress(
        long id, long taskId, ProgressRequest request, TopicStore store, CancellationToken ct)
    {
        var note = request.Note.Trim();
        return store.RunAsync(id, ActionName.UpdateProgress, $"进度 {request.Progress}%：{note}", async context =>
        {
            // The topic row is already locked by the version bump, so no other report on this topic can interleave.
            var task = await context.Connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
                "SELECT id, title, unit, round, progress FROM tasks WHERE id = @taskId AND topic_id = @Id",
                new { taskId, context.Topic.Id }, context.Transaction, cancellationToken: context.Ct));
            if (task is null || task.Round != context.Topic.Round)
            {
                return ApiProblem.NotFound("task_not_found", "该议题本轮没有这项落实任务。");
            }

            if (!context.Caller.UnitsFor(Roles.Implementer, context.Topic.RoomPath).Contains(task.Unit))
            {
                return ApiProblem.Forbidden($"这项任务由“{task.Unit}”承办，只有该单位可以报告进度。");
            }

            if (request.Progress < task.Progress)
            {
                return ApiProblem.Create(422, "progress_backwards", $"进度不能倒退：当前已报告 {task.Progress}%。");
            }

            if (await PhotoAttachments.ProblemAsync(context, request.PhotoIds, PhotoAttachments.Progress) is { } photoProblem)
            {
                return photoProblem;
            }

            var done = request.MilestonesDone?.Distinct().ToArray() ?? [];
            if (done.Length > 0)
            {
                var known = await context.ScalarAsync<long>(
                    "SELECT COUNT(*) FROM task_milestones WHERE task_id = @taskId AND id IN @done", new { taskId, done });
                if (known != done.Length)
                {
                    return ApiProblem.Create(422, "milestone_unknown", "所选节点不属于这项任务。");
                }

                await context.ExecuteAsync(
                    "UPDATE task_milestones SET done_at = @Now WHERE task_id = @taskId AND id IN @done AND done_at IS NULL", new { taskId, done, context.Now });
            }

            await context.ExecuteAsync(
                """
                UPDATE tasks SET progress = @Progress, updated_at = @Now WHERE id = @taskId;
                INSERT INTO task_updates (task_id, progress, note, user_id, created_at) VALUES (@taskId, @Progress, @note, @UserId, @Now);
                """,
                new { request.Progress, context.Now, taskId, note, context.Caller.UserId });
            if (request.PhotoIds is { Count: > 0 } photoIds)
            {
                // Right after the update's insert: LAST_INSERT_ID() is the update's id.
                var (sql, args) = PhotoAttachments.Statement(photoIds, context.Caller.UserId!.Value, context.Topic.RoomId, context.Topic.Id,
                    PhotoAttachments.Progress, "LAST_INSERT_ID()", context.Script.UniqueName("ph"));
                context.Script.Add(sql, args);
            }

            return null;
        }, ct);
    }

    private sealed record MyTaskRow(
        long Id, string Title, string LeadPerson, string Unit, DateTime DueOn, int Progress, long TopicId, string ReceiptNo, string TopicTitle, string RoomName);

    private static async Task<Results<Ok<MyTaskPage>, ProblemHttpResult, ValidationProblem>> MyTasks(
        string? after, int? limit, CallerAccessor callers, Reads reads, TimeProvider clock, CancellationToken ct)
    {
        if (!PageSize.TryRead(limit, 50, out var take, out var pageProblem))
        {
            return pageProblem!;
        }

        if (!DateCursor.TryRead(after, out var cursor, out var cursorProblem))
        {
            return cursorProblem!;
        }

        var caller = await callers.GetAsync(ct);
        var grants = caller.GrantsOf(Roles.Implementer).Where(g => g.Unit is not null).ToList();
        if (grants.Count == 0)
        {
            return ApiProblem.Forbidden("只有承办单位可以查看落实任务。");
        }

        // A unit's tasks count only under the grant that names that unit: (unit, region) pairs, each an indexed equality.
        var args = new DynamicParameters();
        var scope = string.Join(" OR ", grants.Select((g, i) =>
        {
            args.Add($"u{i}", g.Unit);
            args.Add($"g{i}", g.RegionId);
            return $"(k.unit = @u{i} AND t.region_l{g.Level} = @g{i})";
        }));
        args.AddDynamicParams(new { take = take + 1, afterDate = cursor?.Date.ToDateTime(TimeOnly.MinValue), afterId = cursor?.Id ?? 0 });
        var sql = $"""
            SELECT k.id, k.title, k.lead_person AS LeadPerson, k.unit, k.due_on AS DueOn, k.progress,
                   t.id AS TopicId, t.receipt_no AS ReceiptNo, t.title AS TopicTitle, m.name AS RoomName
            FROM tasks k JOIN topics t ON t.id = k.topic_id JOIN rooms m ON m.id = t.room_id
            WHERE ({scope}) AND k.round = t.round AND t.status = 'implementing' AND k.progress < 100
              {(cursor is null ? "" : "AND (k.due_on > @afterDate OR (k.due_on = @afterDate AND k.id > @afterId))")}
            ORDER BY k.due_on, k.id
            LIMIT @take
            """;
        var rows = (await reads.RunAsync(connection => connection.QueryAsync<MyTaskRow>(new CommandDefinition(sql, args, cancellationToken: ct)), ct)).AsList();
        var today = Today(clock);
        var items = rows.Take(take).Select(r => new MyTask(
            r.Id, r.Title, r.LeadPerson, r.Unit, DateOnly.FromDateTime(r.DueOn), r.Progress, DateOnly.FromDateTime(r.DueOn) < today,
            r.TopicId, r.ReceiptNo, r.TopicTitle, r.RoomName)).ToList();
        return TypedResults.Ok(new MyTaskPage(items, rows.Count > take ? new DateCursor(items[^1].DueOn, 0, items[^1].Id).ToString() : null));
    }

    internal sealed class MilestoneValidator : AbstractValidator<MilestoneRequest>
    {
        public MilestoneValidator(TimeProvider clock)
        {
            RuleFor(x => x.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("请填写节点名称。")
                .MaximumLength(100).WithMessage("节点名称不超过 100 个字。");
            RuleFor(x => x.DueOn).Cascade(CascadeMode.Stop).NotEqual(default(DateOnly)).WithMessage("请选择节点日期。")
                .Must(d => d >= Today(clock)).WithMessage("节点日期不能早于今天。");
        }
    }

    internal sealed class AddTaskValidator : AbstractValidator<AddTaskRequest>
    {
        public AddTaskValidator(TimeProvider clock)
        {
            RuleFor(x => x.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("请填写任务内容。")
                .MaximumLength(100).WithMessage("任务内容不超过 100 个字。");
            RuleFor(x => x.LeadPerson).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("请填写牵头人姓名。")
                .MaximumLength(50).WithMessage("牵头人姓名不超过 50 个字。");
            RuleFor(x => x.Unit).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("请填写责任单位。")
                .MaximumLength(100).WithMessage("责任单位不超过 100 个字。");
            RuleFor(x => x.DueOn).Cascade(CascadeMode.Stop).NotEqual(default(DateOnly)).WithMessage("请选择完成期限。")
                .Must(d => d >= Today(clock)).WithMessage("完成期限不能早于今天。");
            RuleFor(x => x.Milestones).Must(m => m is null || m.Count <= 20).WithMessage("节点不超过 20 个。");
            RuleForEach(x => x.Milestones).SetValidator(new MilestoneValidator(clock));
            RuleForEach(x => x.Milestones).Must((task, m) => m.DueOn <= task.DueOn).WithMessage("节点日期不能晚于任务完成期限。");
        }
    }

    internal sealed class ProgressValidator : AbstractValidator<ProgressRequest>
    {
        public ProgressValidator()
        {
            RuleFor(x => x.Progress).NotNull().WithMessage("请填写进度。")
                .InclusiveBetween(0, 100).WithMessage("进度应在 0 到 100 之间。");
            RuleFor(x => x.Note).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("请说明这次进展。")
                .MaximumLength(1000).WithMessage("进展说明不超过 1000 个字。");
            RuleFor(x => x.MilestonesDone).Must(m => m is null || m.Count <= 20).WithMessage("节点不超过 20 个。");
            RuleFor(x => x.PhotoIds).Must(p => p is null || p.Distinct().Count() <= PhotoAttachments.MaxPerAction).WithMessage(PhotoAttachments.TooMany(PhotoAttachments.MaxPerAction));
        }
    }

    private static DateOnly Today(TimeProvider clock) => clock.Today();
}
