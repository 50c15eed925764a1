using Dapper;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using static MaShangYi.Api.Features.Topics.TopicQueryEndpoints;
using MaShangYi.Api.Infrastructure.Paging;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// Topic lists with keyset pagination on id (index (scope, id)), so the hundredth page costs what the first does.
/// The scope condition comes from the caller of this class, never from user input.
/// </summary>
public sealed class TopicLists(MySqlDataSource db)
{
    private const string ItemColumns = """
        t.id, t.receipt_no AS ReceiptNo, t.room_id AS RoomId, m.name AS RoomName, t.title, t.category_id AS CategoryId, c.name AS CategoryName,
        t.status, t.classification, t.support_count AS SupportCount, t.comment_count AS CommentCount, t.moderation, t.submitted_at AS SubmittedAt, t.updated_at AS UpdatedAt
        """;

    private sealed record ItemRow(
        long Id, string ReceiptNo, long RoomId, string RoomName, string Title, long CategoryId, string CategoryName, string Status,
        string? Classification, int SupportCount, int CommentCount, string Moderation, DateTime SubmittedAt, DateTime UpdatedAt);

    public Task<Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>> PublicAsync(string scopeCondition, long scope, ListFilter filter, CancellationToken ct) =>
        PageAsync(scopeCondition, new { scope }, filter, publicOnly: true, newestFirst: true, ct);

    /// <summary>The condition "the topic's room lies under one of these grants" as an OR of indexed equalities.</summary>
    public static (string Condition, DynamicParameters Args) UnderGrants(IEnumerable<Infrastructure.Auth.CallerGrant> grants)
    {
        var args = new DynamicParameters();
        var parts = grants.Select((g, i) =>
        {
            args.Add($"g{i}", g.RegionId);
            return $"t.region_l{g.Level} = @g{i}";
        }).ToList();
        return (parts.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", parts) + ")", args);
    }

    public async Task<Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>> PageAsync(
        string scopeCondition, object scopeArgs, ListFilter filter, bool publicOnly, bool newestFirst, CancellationToken ct)
    {
        if (!PageSize.TryRead(filter.Limit, 50, out var take, out var pageProblem))
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
            conditions.Add(newestFirst ? "t.id < @After" : "t.id > @After");
        }

        var sql = $"""
            SELECT {ItemColumns}
            FROM topics t JOIN rooms m ON m.id = t.room_id JOIN topic_categories c ON c.id = t.category_id
            WHERE {string.Join(" AND ", conditions)}
            ORDER BY t.id {(newestFirst ? "DESC" : "ASC")}
            LIMIT @take
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var args = new DynamicParameters(scopeArgs);
        args.AddDynamicParams(new { publicStatuses = TopicStatus.Public.ToArray(), filter.Status, filter.CategoryId, filter.Class, filter.After, take = take + 1 });
        var rows = (await connection.QueryAsync<ItemRow>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
        var more = rows.Count > take;
        var items = rows.Take(take).Select(ToItem).ToList();
        return TypedResults.Ok(new TopicPage(items, more ? items[^1].Id : null));
    }

    private static TopicListItem ToItem(ItemRow r) => new(
        r.Id, r.ReceiptNo, r.RoomId, r.RoomName, r.Title, r.CategoryId, r.CategoryName, r.Status, TopicStatus.Name(r.Status), TopicStatus.Stage(r.Status),
        r.Classification, r.SupportCount, r.CommentCount, r.Moderation == "held", r.SubmittedAt, r.UpdatedAt);
}
