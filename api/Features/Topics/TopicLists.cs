using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using static MaShangYi.Api.Features.Topics.TopicQueryEndpoints;
using MaShangYi.Api.Infrastructure.Paging;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// Topic lists with keyset pagination on id (index (scope, id)), so the hundredth page costs what the first does.
/// Public lists of a room or region name that index: on 2,000,000 topics MariaDB 10.11 otherwise walks the primary
/// key backwards for ORDER BY id DESC LIMIT and filters, reading thousands of rows for a county's page (about 15 ms
/// instead of 0.4 ms, measured; docs/benchmarks.md).
/// The scope condition comes from the caller of this class, never from user input.
/// </summary>
public sealed class TopicLists(Reads reads)
{
    private const string ItemColumns = """
        t.id, t.receipt_no AS ReceiptNo, t.room_id AS RoomId, m.name AS RoomName, t.title, t.category_id AS CategoryId, c.name AS CategoryName,
        t.status, t.classification, t.support_count AS SupportCount, t.comment_count AS CommentCount, t.moderation, t.submitted_at AS SubmittedAt, t.updated_at AS UpdatedAt
        """;

    private sealed record ItemRow(
        long Id, string ReceiptNo, long RoomId, string RoomName, string Title, long CategoryId, string CategoryName, string Status,
        string? Classification, int SupportCount, int CommentCount, string Moderation, DateTime SubmittedAt, DateTime UpdatedAt);

    /// <summary>
    /// A room's public topics, newest first, read backwards along (room_id, id); null when there is no such room. One
    /// round trip: whether the room exists comes with the page.
    /// </summary>
    public async Task<Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>?> RoomAsync(long roomId, ListFilter filter, CancellationToken ct)
    {
        if (Filter(filter, publicOnly: true, out var take) is { } problem)
        {
            return problem;
        }

        var (exists, rows) = await reads.RunAsync(async connection =>
        {
            await using var read = await connection.QueryResultsAsync(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM rooms WHERE id = @scope);\n" + PageSql("t.room_id = @scope", "ix_topics_room", filter, publicOnly: true),
                Args(roomId, filter, take), cancellationToken: ct));
            return (await read.ReadSingleAsync<bool>(), (await read.ReadAsync<ItemRow>()).AsList());
        }, ct);
        if (!exists)
        {
            return null;
        }

        return TypedResults.Ok(Page(rows, take));
    }

    /// <summary>
    /// A region's public topics — or, for the staff who see them, every topic whatever its status or moderation
    /// (<paramref name="everyStatus"/>: the filter may then name any status) — newest first, read backwards along
    /// (region_lN, id) of the region's <paramref name="level"/> (which the caller read: the column and index follow from
    /// it). A union of a branch per level, each joined to the region's row at its level, would answer in one round trip
    /// with the region, but cost the database about 0.3 ms more than the second round trip saves (docs/benchmarks.md).
    /// </summary>
    public Task<Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>> RegionAsync(
        long regionId, int level, ListFilter filter, CancellationToken ct, bool everyStatus = false)
    {
        var column = Regions.RegionLevels.Column(level);
        return ListAsync($"t.region_l{column} = @scope", $"ix_topics_l{column}", regionId, filter, publicOnly: !everyStatus, ct);
    }

    /// <summary>The condition "the topic's room lies under one of these grants" as an OR of indexed equalities.</summary>
    public static (string Condition, DynamicParameters Args) UnderGrants(IReadOnlyList<Infrastructure.Auth.CallerGrant> grants)
    {
        var parts = grants.Select((g, i) => UnderGrant(g, i, "t.")).ToList();
        return (parts.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", parts) + ")", GrantArgs(grants));
    }

    /// <summary>
    /// "Under the <paramref name="index"/>th grant" over a row with a region chain (region_l1…region_l4: a topic, an open
    /// task), its region id the parameter @g{index} that <see cref="GrantArgs"/> gives. The level comes from the grant
    /// the database gave, checked before it is written into SQL.
    /// </summary>
    public static string UnderGrant(Infrastructure.Auth.CallerGrant grant, int index, string alias = "") =>
        $"{alias}region_l{Regions.RegionLevels.Column(grant.Level)} = @g{index}";

    /// <summary>Each grant's region id as the parameter @g{index} that <see cref="UnderGrant"/> names.</summary>
    public static DynamicParameters GrantArgs(IReadOnlyList<Infrastructure.Auth.CallerGrant> grants)
    {
        var args = new DynamicParameters();
        for (var i = 0; i < grants.Count; i++)
        {
            args.Add($"g{i}", grants[i].RegionId);
        }

        return args;
    }

    /// <summary>
    /// The topics in <paramref name="status"/> under the grants, oldest first (keyset on id): a staff queue. Each grant's
    /// ids are picked along its level's (region_lN, status, updated_at) index — every topic of the region in that status,
    /// index only — and sorted by id, a page's worth each, before the rows are read. Walking the primary key from the
    /// oldest topic instead (what the optimiser chose for a city) read the whole province before the first submitted
    /// topic: 447 ms for a city reviewer's queue on the 2,000,000-topic province, against 2.2 ms (docs/benchmarks.md).
    /// </summary>
    public async Task<Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>> QueueAsync(
        IReadOnlyList<Infrastructure.Auth.CallerGrant> grants, string status, long? after, int? limit, CancellationToken ct)
    {
        if (!PageSize.TryRead(limit, 50, out var take, out var pageProblem))
        {
            return pageProblem!;
        }

        if (grants.Count == 0)
        {
            return TypedResults.Ok(new TopicPage([], null));
        }

        var args = GrantArgs(grants);
        args.AddDynamicParams(new { status, after = after ?? 0, take = take + 1 });
        // A grant under another is picked twice and counted once (UNION).
        var picks = grants.Select((g, i) =>
            $"(SELECT id FROM topics FORCE INDEX (ix_topics_l{Regions.RegionLevels.Column(g.Level)}_board) WHERE {UnderGrant(g, i)} AND status = @status AND id > @after ORDER BY id LIMIT @take)");
        var sql = $"""
            SELECT {ItemColumns}
            FROM ({string.Join("\nUNION ", picks)} ORDER BY id LIMIT @take) pick
            JOIN topics t ON t.id = pick.id JOIN rooms m ON m.id = t.room_id JOIN topic_categories c ON c.id = t.category_id
            ORDER BY t.id
            """;
        return TypedResults.Ok(await ReadPageAsync(sql, args, take, ct));
    }

    /// <summary>The caller's own topics, newest first, whatever their status or moderation.</summary>
    public Task<Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>> MineAsync(long userId, ListFilter filter, CancellationToken ct) =>
        ListAsync("t.proposer_user_id = @scope", null, userId, filter, publicOnly: false, ct);

    /// <summary>A page of the topics under <paramref name="scopeCondition"/> (read along <paramref name="scopeIndex"/>) that pass the filter.</summary>
    private async Task<Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>> ListAsync(
        string scopeCondition, string? scopeIndex, long scope, ListFilter filter, bool publicOnly, CancellationToken ct)
    {
        if (Filter(filter, publicOnly, out var take) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await ReadPageAsync(PageSql(scopeCondition, scopeIndex, filter, publicOnly), Args(scope, filter, take), take, ct));
    }

    /// <summary>The filter's problem, if any; else the page size it asks for.</summary>
    private static Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>? Filter(ListFilter filter, bool publicOnly, out int take)
    {
        if (!PageSize.TryRead(filter.Limit, 50, out take, out var pageProblem))
        {
            return pageProblem!;
        }

        if (filter.Status is not null && (!TopicStatus.IsKnown(filter.Status) || (publicOnly && !TopicStatus.Public.Contains(filter.Status))))
        {
            return ApiProblem.Validation("status", "不认识的问题状态。");
        }

        if (filter.Class is not null and not ("A" or "B" or "C"))
        {
            return ApiProblem.Validation("class", "分类应为 A、B 或 C。");
        }

        return null;
    }

    /// <summary>A page of the topics under <paramref name="scopeCondition"/> that pass the filter, newest first (keyset on id).</summary>
    private static string PageSql(string scopeCondition, string? scopeIndex, ListFilter filter, bool publicOnly)
    {
        var conditions = new List<string> { scopeCondition };
        if (publicOnly)
        {
            conditions.Add("t.status IN @publicStatuses AND t.moderation = 'visible'");
        }

        if (filter.Status is not null)
        {
            conditions.Add("t.status = @Status");
        }

        if (filter.CategoryId is not null)
        {
            conditions.Add("t.category_id = @CategoryId");
        }

        if (filter.Class is not null)
        {
            conditions.Add("t.classification = @Class");
        }

        if (filter.After is not null)
        {
            conditions.Add("t.id < @After");
        }

        return $"""
            SELECT {ItemColumns}
            FROM topics t {(scopeIndex is null ? "" : $"FORCE INDEX ({scopeIndex})")} JOIN rooms m ON m.id = t.room_id JOIN topic_categories c ON c.id = t.category_id
            WHERE {string.Join(" AND ", conditions)}
            ORDER BY t.id DESC
            LIMIT @take
            """;
    }

    private static DynamicParameters Args(long scope, ListFilter filter, int take)
    {
        var args = new DynamicParameters(new { scope });
        args.AddDynamicParams(new { publicStatuses = TopicStatus.Public.ToArray(), filter.Status, filter.CategoryId, filter.Class, filter.After, take = take + 1 });
        return args;
    }

    /// <summary>Reads the rows of <paramref name="sql"/>, one past a page of <paramref name="take"/>, as a page.</summary>
    private async Task<TopicPage> ReadPageAsync(string sql, object args, int take, CancellationToken ct) =>
        Page(await reads.RunAsync(async connection => (await connection.QueryAsync<ItemRow>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList(), ct), take);

    /// <summary>A page of <paramref name="take"/> from rows read one past it: the extra row only says there is more.</summary>
    private static TopicPage Page(List<ItemRow> rows, int take)
    {
        var items = rows.Take(take).Select(ToItem).ToList();
        return new TopicPage(items, rows.Count > take ? items[^1].Id : null);
    }

    private static TopicListItem ToItem(ItemRow r) => new(
        r.Id, r.ReceiptNo, r.RoomId, r.RoomName, r.Title, r.CategoryId, r.CategoryName, r.Status, TopicStatus.Name(r.Status), TopicStatus.Stage(r.Status),
        r.Classification, r.SupportCount, r.CommentCount, r.Moderation == "held", r.SubmittedAt, r.UpdatedAt);
}
