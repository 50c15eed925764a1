using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Dapper;
using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Api.Features.Landing;

public static class LandingEndpoints
{
    public sealed record Landing(
        string Scene,
        LandingRoom Room,
        IReadOnlyList<RegionRef> RegionPath,
        bool IsOpen,
        string? Notice,
        IReadOnlyList<RoomFunction> Functions,
        RoomSummary Summary);

    public sealed record LandingRoom(long Id, string Name, string Address, string? ContactName, string? ContactPhone);

    public sealed record RoomFunction(string Key, string Name, string Description, bool IsOpen);

    public static IEndpointRouteBuilder MapLandingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/landing", Get)
            .CacheOutput(Infrastructure.Caching.PublicCache.Landing)
            .WithTags("Landing")
            .WithSummary("What a scanned room code opens: the room, its region path, its four functions and public summary")
            .WithDescription("Public, no login. scene (query string) is the value the mini program reads from decodeURIComponent(query.scene). A deactivated room still lands, with isOpen=false and a notice; its record stays readable.")
            .ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    /// <summary>
    /// The whole landing in one round trip, each statement keyed by the scene's unique index: the room; its region and
    /// ancestors (<see cref="RoomQueries.WithPathSql"/>); its public counts by status; its five newest public topics (index
    /// (room_id, id), read backwards; named, so the optimizer does not weigh the three other room indexes over eleven
    /// statuses at each landing).
    /// </summary>
    private static readonly string LandingSql = $"""
        {RoomQueries.WithPathSql("m.scene = @scene")}
        SELECT t.status, COUNT(*) FROM rooms m JOIN topics t ON t.room_id = m.id
        WHERE m.scene = @scene AND t.moderation = 'visible' GROUP BY t.status;
        SELECT t.id, t.receipt_no, t.title, t.status, t.updated_at FROM rooms m JOIN topics t FORCE INDEX (ix_topics_room) ON t.room_id = m.id
        WHERE m.scene = @scene AND t.status IN @statuses AND t.moderation = 'visible'
        ORDER BY t.id DESC LIMIT {RoomSummaries.LatestCount};
        """;

    private static async Task<Results<Ok<Landing>, ValidationProblem, ProblemHttpResult>> Get(string? scene, Reads reads, CancellationToken ct)
    {
        if (!SceneCodes.IsWellFormed(scene))
        {
            return ApiProblem.Validation("scene", "二维码内容无效，请重新扫描议事室的小程序码。");
        }

        return await reads.RunAsync<Results<Ok<Landing>, ValidationProblem, ProblemHttpResult>>(async connection =>
        {
            await using var read = await connection.QueryResultsAsync(new CommandDefinition(
                LandingSql, new { scene = SceneCodes.Normalize(scene), statuses = TopicStatus.Public.ToArray() }, cancellationToken: ct));
            if (await RoomQueries.ReadWithPathAsync(read) is not var (room, path))
            {
                return ApiProblem.NotFound("room_not_found", "没有找到这个议事室，请确认扫描的是议事室张贴的小程序码。");
            }

            var counts = RoomSummaries.Count(await read.ReadAsync<(string, long)>());
            var latest = RoomSummaries.Latest(await read.ReadAsync<(long, string, string, string, DateTime)>());
            return TypedResults.Ok(new Landing(
                room.Scene,
                new LandingRoom(room.Id, room.Name, room.Address, room.ContactName, room.ContactPhone),
                path,
                room.IsActive,
                room.IsActive ? null : "这个议事室已停用，不能再提问题和报名；以往的问题和办理结果仍可在“码上查情”查看。",
                FunctionsFor(room.IsActive),
                new RoomSummary(counts, latest)));
        }, ct);
    }

    /// <summary>The four code functions of DESIGN §1. A closed room keeps only 码上查情 open: its record stays public.</summary>
    internal static IReadOnlyList<RoomFunction> FunctionsFor(bool roomIsActive) =>
    [
        new("propose", "码上征题", "提出您关心的问题，可匿名", roomIsActive),
        new("suggest", "码上建议", "对公开听取意见的问题发表意见、表示支持", roomIsActive),
        new("deliberate", "码上协商", "查看协商会议，报名参加", roomIsActive),
        new("inquire", "码上查情", "用查询号查看问题办到哪一步", true),
    ];
}
