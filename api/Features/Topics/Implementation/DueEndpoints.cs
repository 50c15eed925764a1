using System.Globalization;
using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Features.Statistics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MaShangYi.Api.Infrastructure.Time;
using MaShangYi.Api.Infrastructure.Paging;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// The room admin's due list: B-class topics whose review date has come, overdue implementation tasks, and topics whose
/// residents' doubts have waited for an answer longer than Topics:DoubtsDueAfterDays.
/// </summary>
public static class DueEndpoints
{
    /// <summary>
    /// Why an item is due: "review" (a B-class topic to follow up), "task_overdue" (then the task fields are set) or
    /// "doubts_unanswered" (then UnansweredDoubts counts the doubts waiting longer than the option's days; DueOn is when the oldest fell due).
    /// </summary>
    public sealed record DueItem(
        string Kind, string Reason, DateOnly DueOn, long TopicId, string ReceiptNo, string TopicTitle, string RoomName, string Status, string StatusName,
        long? TaskId, string? TaskTitle, string? Unit, string? LeadPerson, int? Progress, int? UnansweredDoubts = null);

    public sealed record DuePage(IReadOnlyList<DueItem> Items, string? NextAfter);

    public static IEndpointRouteBuilder MapDueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/due", Due)
            .WithTags("Implementation")
            .RequireAuthorization()
            .WithSummary("The room admin's due list: B-class topics due for review, overdue tasks and topics with doubts long unanswered, soonest first (keyset-paged with after = the nextAfter given)")
            .WithDescription("A B-class topic stays on the list from its next-review date until it is re-classified (another class or a later date); a task until it reaches 100% or the topic leaves implementation; "
                + "a topic with published doubts unanswered for more than Topics:DoubtsDueAfterDays days (default 3) until they are answered or hidden, or the topic is closed.")
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
        public long? Doubts { get; init; }
    }

    private static async Task<Results<Ok<DuePage>, ProblemHttpResult, ValidationProblem>> Due(
        string? after, int? limit, CallerAccessor callers, Reads reads, TimeProvider clock, IOptions<TopicOptions> options, CancellationToken ct)
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
        var doubtDays = options.Value.DoubtsDueAfterDays;
        args.AddDynamicParams(new
        {
            today = today.ToDateTime(TimeOnly.MinValue), take = take + 1, doubtDays, doubtsBefore = clock.StoredNow().AddDays(-doubtDays),
            afterDate = cursor?.Date.ToDateTime(TimeOnly.MinValue), afterId = cursor?.Id ?? 0,
        });
        // Each kind picks its page's worth, after the cursor, before the rows are joined: a city has thousands of each.
        // Reviews and tasks are picked per grant along an index in due order (a grant under another is picked twice and
        // counted once: UNION); the doubts are found from the scope's topics that are not closed, each one index dive.
        string After(int rank, string dueOn, string id) => cursor is null ? "" : rank.CompareTo(cursor.Value.Rank) switch
        {
            > 0 => $"AND {dueOn} >= @afterDate",
            0 => $"AND ({dueOn} > @afterDate OR ({dueOn} = @afterDate AND {id} > @afterId))",
            _ => $"AND {dueOn} > @afterDate",
        };
        var doubtsDueOn = $"DATE_ADD({StatColumns.BeijingDay("oldest")}, INTERVAL @doubtDays DAY)";
        var picks = grants.SelectMany((g, i) => new[]
        {
            $"""
            (SELECT 'review' AS Kind, 0 AS `Rank`, next_review_on AS DueOn, id AS ItemId FROM topics
             WHERE {TopicLists.UnderGrant(g, i)} AND classification = 'B' AND next_review_on <= @today {After(0, "next_review_on", "id")}
             ORDER BY next_review_on, id LIMIT @take)
            """,
            $"""
            (SELECT 'task_overdue', 1, due_on, task_id FROM stats_open_tasks
             WHERE {TopicLists.UnderGrant(g, i)} AND due_on < @today {After(1, "due_on", "task_id")}
             ORDER BY due_on, task_id LIMIT @take)
            """,
        }).Append($"""
            (SELECT 'doubts_unanswered', 2, {doubtsDueOn} AS DueOn, id FROM (
                SELECT t.id, (SELECT MIN(c.created_at) FROM topic_comments c WHERE c.topic_id = t.id AND {Doubts.Unanswered}) AS oldest
                FROM topics t WHERE {scope} AND t.status <> 'closed') w
             WHERE oldest < @doubtsBefore {After(2, doubtsDueOn, "id")}
             ORDER BY DueOn, id LIMIT @take)
            """);
        // The unanswered doubts counted are those older than the days allowed, as the item's reason says.
        var sql = $"""
            SELECT pick.Kind, pick.`Rank`, pick.DueOn, pick.ItemId, t.id AS TopicId, t.receipt_no AS ReceiptNo, t.title AS TopicTitle, m.name AS RoomName,
                   t.status, k.title AS TaskTitle, k.unit, k.lead_person AS LeadPerson, k.progress,
                   CASE WHEN pick.`Rank` = 2 THEN (SELECT COUNT(*) FROM topic_comments c WHERE c.topic_id = t.id AND {Doubts.Unanswered} AND c.created_at < @doubtsBefore) END AS Doubts
            FROM ({string.Join("\nUNION ", picks)} ORDER BY DueOn, `Rank`, ItemId LIMIT @take) pick
            LEFT JOIN tasks k ON pick.`Rank` = 1 AND k.id = pick.ItemId
            JOIN topics t ON t.id = COALESCE(k.topic_id, pick.ItemId) JOIN rooms m ON m.id = t.room_id
            ORDER BY pick.DueOn, pick.`Rank`, pick.ItemId
            """;
        var rows = (await reads.RunAsync(connection => connection.QueryAsync<DueRow>(new CommandDefinition(sql, args, cancellationToken: ct)), ct)).AsList();
        var page = rows.Take(take).ToList();
        var items = page.Select(r => ToItem(r, doubtDays)).ToList();
        var next = rows.Count > take ? new DateCursor(DateOnly.FromDateTime(page[^1].DueOn), (int)page[^1].Rank, page[^1].ItemId).ToString() : null;
        return TypedResults.Ok(new DuePage(items, next));
    }

    private static DueItem ToItem(DueRow r, int days)
    {
        var due = DateOnly.FromDateTime(r.DueOn);
        var reason = r.Kind switch
        {
            "review" => string.Create(CultureInfo.InvariantCulture, $"B 类持续跟踪议题已到跟踪日期（{due:yyyy-MM-dd}），请跟进后重新分类。"),
            "task_overdue" => string.Create(CultureInfo.InvariantCulture, $"落实任务“{r.TaskTitle}”已逾期：应于 {due:yyyy-MM-dd} 完成，{r.Unit}目前进度 {r.Progress}%。"),
            _ => string.Create(CultureInfo.InvariantCulture, $"有 {r.Doubts} 条居民疑问超过 {days} 天未答复，请在意见下作出官方答复。"),
        };
        return new DueItem(r.Kind, reason, due, r.TopicId, r.ReceiptNo, r.TopicTitle, r.RoomName, r.Status, TopicStatus.Name(r.Status),
            r.Kind == "task_overdue" ? r.ItemId : null, r.TaskTitle, r.Unit, r.LeadPerson, (int?)r.Progress, (int?)r.Doubts);
    }
}
