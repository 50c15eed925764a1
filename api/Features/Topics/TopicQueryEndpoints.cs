using System.Security.Claims;
using Dapper;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Topics;

/// <summary>码上查情: a topic with its timeline, lookup by receipt number, and the public and personal lists.</summary>
public static class TopicQueryEndpoints
{
    public sealed record ListFilter(string? Status, long? CategoryId, string? Class, long? After, int? Limit);

    public static IEndpointRouteBuilder MapTopicQueryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Topics");
        group.MapGet("/topics/{id:long}", Get)
            .WithSummary("A topic with its timeline and sections, and the actions the caller may take (allowedActions)")
            .WithDescription("Public topics are readable without login; the proposer and the staff over the room also see topics under review, rejected or merged.")
            .ProducesProblem(404);
        group.MapGet("/topics/by-receipt/{receiptNo}", ByReceipt)
            .WithSummary("Look a topic up by its receipt number (e.g. 2026-UAPPT7VF-0001; spaces, any dashes and lower case accepted)")
            .WithDescription("A public topic answers in full (topic); one not public (under review, not accepted) answers with where it stands only (status), so a resident who has just the slip of paper can follow it.")
            .ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/rooms/{roomId:long}/topics", RoomTopics)
            .CacheOutput(Infrastructure.Caching.PublicCache.Lists)
            .WithSummary("Public topics of a room, newest first (filter by status, categoryId, class; keyset-paged with after)")
            .ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/regions/{regionId:long}/topics", RegionTopics)
            .CacheOutput(Infrastructure.Caching.PublicCache.Lists)
            .WithSummary("Public topics of every room in a region's subtree, newest first (same filters)")
            .ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/regions/{regionId:long}/topics/all", RegionTopicsForStaff)
            .RequireAuthorization()
            .WithSummary("Every topic of a region's rooms, any status or moderation, newest first, for the staff who see them (reviewer, room admin, region admin, CPPCC member over the region; same filters, any status)")
            .WithDescription("Topics under review, rejected or merged, and those held for moderation (heldForModeration), are listed with the public ones.")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        group.MapGet("/me/topics", MyTopics)
            .RequireAuthorization()
            .WithSummary("The caller's own topics, all statuses, newest first");
        return app;
    }

    public sealed record ReceiptLookup(TopicDetail? Topic, ReceiptStatus? Status);

    private static async Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Get(long id, TopicViews views, CancellationToken ct) =>
        await views.DetailAsync(id, null, ct) is { } topic ? TypedResults.Ok(topic) : TopicStore.TopicNotFound();

    private static async Task<Results<Ok<ReceiptLookup>, ProblemHttpResult>> ByReceipt(
        string receiptNo, TopicViews views, CallerAccessor callers, CancellationToken ct)
    {
        var candidates = ReceiptNumbers.Candidates(receiptNo);
        if (candidates.Count == 0)
        {
            return ApiProblem.BadRequest("receipt_malformed", "查询号不完整，它像这样：2026-UAPPT7VF-0001。请对照回执再输一遍，空格、横线和大小写都不要紧。");
        }

        return await views.ByReceiptAsync(candidates, await callers.GetAsync(ct), ct) is { } lookup
            ? TypedResults.Ok(lookup)
            : ApiProblem.NotFound("receipt_not_found", "没有找到这个查询号。请对照回执，一个字一个字地核对后再查。");
    }

    private static async Task<Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>> RoomTopics(
        long roomId, [AsParameters] ListFilter filter, TopicLists lists, CancellationToken ct) =>
        await lists.RoomAsync(roomId, filter, ct) ?? ApiProblem.NotFound("room_not_found", "议事室不存在。");

    private static async Task<Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>> RegionTopics(
        long regionId, [AsParameters] ListFilter filter, TopicLists lists, Reads reads, CancellationToken ct)
    {
        var region = await reads.RunAsync(connection => RegionQueries.FindAsync(connection, regionId, ct), ct);

        return region is null
            ? ApiProblem.NotFound("region_not_found", "区域不存在。")
            : await lists.RegionAsync(regionId, region.Level, filter, ct);
    }

    private static async Task<Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>> RegionTopicsForStaff(
        long regionId, [AsParameters] ListFilter filter, ClaimsPrincipal user, CallerAccessor callers, TopicLists lists, Reads reads, CancellationToken ct)
    {
        // The region and the caller's grants in one round trip, then the page.
        var userId = user.UserId();
        var (region, grants) = await reads.RunAsync(async connection =>
        {
            await using var read = await connection.QueryResultsAsync(new CommandDefinition(
                $"{RegionQueries.SelectRow} WHERE id = @regionId;\n{CallerAccessor.GrantsSql};", new { regionId, userId }, cancellationToken: ct));
            return (await read.ReadSingleOrDefaultAsync<RegionQueries.RegionRow>(), (await read.ReadAsync<CallerGrant>()).AsList());
        }, ct);
        var caller = callers.Adopt(userId, grants);
        if (region is null)
        {
            return ApiProblem.NotFound("region_not_found", "区域不存在。");
        }

        return caller.HasAnyRole(region.Path, TopicStore.SeeEveryTopic)
            ? await lists.RegionAsync(regionId, region.Level, filter, ct, everyStatus: true)
            : ApiProblem.Forbidden($"只有{region.Name}的审核人员、议事室管理员、区域管理员和政协委员可以查看这里的全部议题；公开的议题请在议题列表查看。");
    }

    private static async Task<Results<Ok<TopicPage>, ProblemHttpResult, ValidationProblem>> MyTopics(
        [AsParameters] ListFilter filter, CallerAccessor callers, TopicLists lists, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        return await lists.MineAsync(caller.UserId!.Value, filter, ct);
    }
}
