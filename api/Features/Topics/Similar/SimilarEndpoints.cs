using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Topics;

/// <summary>重复诉求: while a resident writes an issue, the open topics of the town that look like it, to support instead.</summary>
public static class SimilarEndpoints
{
    public sealed record SimilarItem(long Id, string Title, string Status, string StatusName, string RoomName, int SupportCount, double Score, bool SameRoom);

    public sealed record SimilarList(IReadOnlyList<SimilarItem> Items);

    public static IEndpointRouteBuilder MapSimilarEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/rooms/{roomId:long}/similar-topics", Get)
            .WithTags("Topics")
            .WithSummary("Open topics of the room's town (its neighbourhood) like a title and description being written, best first")
            .WithDescription("Public, no login. At most five, each scored 0–1 (character bigrams, docs/similar-topics.md); sameRoom marks the room's own. Send the title and description as typed so far; a text too short to compare answers with no items.")
            .ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    private static async Task<Results<Ok<SimilarList>, ValidationProblem, ProblemHttpResult>> Get(
        long roomId, string? title, string? description, SimilarTopics similar, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(description))
        {
            return ApiProblem.Validation("title", "请输入标题或问题描述，再查找类似议题。");
        }

        if (title?.Length > 100)
        {
            return ApiProblem.Validation("title", "标题不超过 100 个字。");
        }

        if (description?.Length > 2000)
        {
            return ApiProblem.Validation("description", "问题不超过 2000 个字。");
        }

        var found = await similar.ForRoomAsync(roomId, title, description, ct);
        return found is null
            ? ApiProblem.NotFound("room_not_found", "议事室不存在。")
            : TypedResults.Ok(new SimilarList(found.Select(s =>
                new SimilarItem(s.Id, s.Title, s.Status, s.StatusName, s.RoomName, s.SupportCount, s.Score, s.SameRoom)).ToList()));
    }
}
