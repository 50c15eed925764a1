using System.Globalization;
using Dapper;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;
using MaShangYi.Api.Infrastructure.Paging;

namespace MaShangYi.Api.Features.Topics;

/// <summary>The room admin's due list: B-class topics whose review date has come, and overdue implementation tasks.</summary>
public static class DueEndpoints
{
    /// <summary>Why an item is due: "review" (a B-class topic to follow up) or "task_overdue" (then the task fields are set).</summary>
    public sealed record DueItem(
        string Kind, string Reason, DateOnly DueOn, long TopicId, string ReceiptNo, string TopicTitle, string RoomName, string Status, string StatusName,
        long? TaskId, string? TaskTitle, string? Unit, string? LeadPerson, int? Progress);

    public sealed record DuePage(IReadOnlyList<DueItem> Items, string? NextAfter);

    public static IEndpointRouteBuilder MapDueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/due", Due)
            .WithTags("Implementation")
            .RequireAuthorization()
            .WithSummary("The room admin's due list: B-class topics due for review and overdue tasks, soonest first (keyset-paged with after = the nextAfter given)")
            .WithDescription("A B-class topic stays on the list from its next-review date until it is re-classified (another class or a later date); a task until it reaches 100% or the topic leaves implementation.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        return app;
    }

    // Properties, not a positional record: the union's literal and NULL columns come back as INT or BIGINT depending on the
    // server (MySQL, MariaDB), and Dapper converts numbers for setters but matches constructors only on exact types.
    private sealed class DueRow
    {
        public string Kind { get; init; } = "";
        public long Rank { get; init; }
        public DateTime DueOn { get; init; }
        public long ItemId { get; init; }
        public long TopicId { get; init; }
        public string ReceiptNo { get; init; } = "";
        public string TopicTitle { get; init; } = "";
        public string RoomName { get; init; } = "";
        public string Status { get; init; } = "";
        public string? TaskTitle { get; init; }
        public string? Unit { get; init; }
        public string? LeadPerson { get; init; }
        public long? Progress { get; init; }
    }

    private static async Task<Results<Ok<DuePage>, ProblemHttpResult, ValidationProblem>> Due(
        string? after, int? limit, CallerAccessor callers, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
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
        var grants = caller.GrantsOf(Roles.RoomAdmin).ToList();
        if (grants.Count == 0)
        {
            return ApiProblem.Forbidden("只有议事室管理员可以查看待办事项。");
        }

        var (scope, args) = TopicLists.UnderGrants(grants);
        var today = clock.Today();
        args.AddDynamicParams(new
        {
            today = today.ToDateTime(TimeOnly.MinValue), take = take + 1,
            afterDate = cursor?.Date.ToDateTime(TimeOnly.MinValue), afterRank = cursor?.Rank ?? 0, afterId = cursor?.Id ?? 0,
        });
        var sql = $"""
            SELECT * FROM (
                SELECT 'review' AS Kind, 0 AS `Rank`, t.next_review_on AS DueOn, t.id AS ItemId, t.id AS TopicId, t.receipt_no AS ReceiptNo, t.title AS TopicTitle,
                       m.name AS RoomName, t.status, NULL AS TaskTitle, NULL AS Unit, NULL AS LeadPerson, NULL AS Progress
                FROM topics t JOIN rooms m ON m.id = t.room_id
                WHERE {scope} AND t.classification = 'B' AND t.next_review_on <= @today
                UNION ALL
                SELECT 'task_overdue', 1, k.due_on, k.id, t.id, t.receipt_no, t.title, m.name, t.status, k.title, k.unit, k.lead_person, k.progress
                FROM tasks k JOIN topics t ON t.id = k.topic_id JOIN rooms m ON m.id = t.room_id
                WHERE {scope} AND k.progress < 100 AND k.due_on < @today AND k.round = t.round AND t.status = 'implementing'
            ) due
            {(cursor is null ? "" : "WHERE DueOn > @afterDate OR (DueOn = @afterDate AND (`Rank` > @afterRank OR (`Rank` = @afterRank AND ItemId > @afterId)))")}
            ORDER BY DueOn, `Rank`, ItemId
            LIMIT @take
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<DueRow>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
        var page = rows.Take(take).ToList();
        var items = page.Select(ToItem).ToList();
        var next = rows.Count > take ? new DateCursor(DateOnly.FromDateTime(page[^1].DueOn), (int)page[^1].Rank, page[^1].ItemId).ToString() : null;
        return TypedResults.Ok(new DuePage(items, next));
    }

    private static DueItem ToItem(DueRow r)
    {
        var due = DateOnly.FromDateTime(r.DueOn);
        var reason = r.Kind == "review"
            ? string.Create(CultureInfo.InvariantCulture, $"B 类持续跟踪议题已到跟踪日期（{due:yyyy-MM-dd}），请跟进后重新分类。")
            : string.Create(CultureInfo.InvariantCulture, $"落实任务“{r.TaskTitle}”已逾期：应于 {due:yyyy-MM-dd} 完成，{r.Unit}目前进度 {r.Progress}%。");
        return new DueItem(r.Kind, reason, due, r.TopicId, r.ReceiptNo, r.TopicTitle, r.RoomName, r.Status, TopicStatus.Name(r.Status),
            r.Kind == "review" ? null : r.ItemId, r.TaskTitle, r.Unit, r.LeadPerson, (int?)r.Progress);
    }
}
