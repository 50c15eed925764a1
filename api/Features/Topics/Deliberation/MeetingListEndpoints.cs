using Dapper;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using MaShangYi.Api.Infrastructure.Paging;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Topics;

/// <summary>码上协商: the meetings of a room or of every room in a region's subtree, upcoming (soonest first) or past (latest first).</summary>
public static class MeetingListEndpoints
{
    public sealed record MeetingListFilter(long? RoomId, long? RegionId, string? When, long? After, int? Limit);

    public sealed record MeetingListItem(
        long Id, long TopicId, string ReceiptNo, string TopicTitle, long RoomId, string RoomName, DateTime StartsAt, string Mode, string ModeName,
        string? Place, int Capacity, int SignupCount, bool HasMinutes);

    public sealed record MeetingPage(IReadOnlyList<MeetingListItem> Items, long? NextAfter);

    private sealed record Row(
        long Id, long TopicId, string ReceiptNo, string TopicTitle, long RoomId, string RoomName, DateTime StartsAt, string Mode,
        string? Place, int Capacity, int SignupCount, DateTime? MinutesAt);

    public static IEndpointRouteBuilder MapMeetingListEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/meetings", List)
            .CacheOutput(Infrastructure.Caching.PublicCache.Lists)
            .WithTags("Meetings")
            .WithSummary("Meetings of public topics in a room (roomId) or a region's subtree (regionId): when=upcoming (soonest first, the default) or past (latest first)")
            .WithDescription("Keyset-paged: pass the page's nextAfter (a meeting id) as after for the next page. limit 1–50, default 20.")
            .ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    /// <summary>
    /// One query round trip for a room's meetings (whether the room exists and where the page starts come with the page);
    /// two for a region's (the region first: its level names the column the page reads along).
    /// </summary>
    private static async Task<Results<Ok<MeetingPage>, ProblemHttpResult, ValidationProblem>> List(
        [AsParameters] MeetingListFilter filter, Reads reads, TimeProvider clock, CancellationToken ct)
    {
        if (!PageSize.TryRead(filter.Limit, 50, out var take, out var pageProblem))
        {
            return pageProblem!;
        }

        if ((filter.RoomId is null) == (filter.RegionId is null))
        {
            return ApiProblem.Validation("roomId", "请指定议事室（roomId）或区域（regionId）其中之一。");
        }

        var when = filter.When ?? "upcoming";
        if (when is not ("upcoming" or "past"))
        {
            return ApiProblem.Validation("when", "when 应为 upcoming（即将召开）或 past（已召开）。");
        }

        return await reads.RunAsync<Results<Ok<MeetingPage>, ProblemHttpResult, ValidationProblem>>(async connection =>
        {
            string scope;
            if (filter.RegionId is { } regionId)
            {
                var region = await RegionQueries.FindAsync(connection, regionId, ct);
                if (region is null)
                {
                    return ApiProblem.NotFound("region_not_found", "区域不存在。");
                }

                scope = $"g.region_l{region.Level} = @scope";
            }
            else
            {
                scope = "g.room_id = @scope";
            }

            var upcoming = when == "upcoming";
            var conditions = new List<string> { scope, upcoming ? "g.starts_at > @now" : "g.starts_at <= @now", "t.status IN @publicStatuses AND t.moderation = 'visible'" };
            if (filter.After is not null)
            {
                // The page starts after the meeting the last page ended with: its time, a constant to the plan.
                const string afterAt = "(SELECT a.starts_at FROM meetings a WHERE a.id = @after)";
                conditions.Add(upcoming
                    ? $"(g.starts_at > {afterAt} OR (g.starts_at = {afterAt} AND g.id > @after))"
                    : $"(g.starts_at < {afterAt} OR (g.starts_at = {afterAt} AND g.id < @after))");
            }

            var order = upcoming ? "ASC" : "DESC";
            await using var read = await connection.QueryResultsAsync(new CommandDefinition(
                $"""
                SELECT {(filter.RoomId is null ? "TRUE" : "EXISTS (SELECT 1 FROM rooms WHERE id = @scope)")};
                SELECT @after IS NULL OR EXISTS (SELECT 1 FROM meetings WHERE id = @after);
                SELECT g.id, g.topic_id AS TopicId, t.receipt_no AS ReceiptNo, t.title AS TopicTitle, g.room_id AS RoomId, m.name AS RoomName,
                       g.starts_at AS StartsAt, g.mode, g.place, g.capacity, g.signup_count AS SignupCount, g.minutes_at AS MinutesAt
                FROM meetings g JOIN topics t ON t.id = g.topic_id JOIN rooms m ON m.id = g.room_id
                WHERE {string.Join(" AND ", conditions)}
                ORDER BY g.starts_at {order}, g.id {order}
                LIMIT @take
                """,
                new
                {
                    scope = filter.RoomId ?? filter.RegionId,
                    now = clock.StoredNow(),
                    publicStatuses = TopicStatus.Public.ToArray(),
                    after = filter.After,
                    take = take + 1,
                },
                cancellationToken: ct));
            var roomFound = await read.ReadSingleAsync<bool>();
            var afterFound = await read.ReadSingleAsync<bool>();
            var rows = (await read.ReadAsync<Row>()).AsList();
            if (!roomFound)
            {
                return ApiProblem.NotFound("room_not_found", "议事室不存在。");
            }

            if (!afterFound)
            {
                return ApiProblem.Validation("after", "翻页位置无效，请从第一页重新加载。");
            }

            var items = rows.Take(take).Select(r => new MeetingListItem(
                r.Id, r.TopicId, r.ReceiptNo, r.TopicTitle, r.RoomId, r.RoomName, r.StartsAt, r.Mode, MeetingEndpoints.ModeName(r.Mode),
                r.Place, r.Capacity, r.SignupCount, r.MinutesAt is not null)).ToList();
            return TypedResults.Ok(new MeetingPage(items, rows.Count > take ? items[^1].Id : null));
        }, ct);
    }
}
