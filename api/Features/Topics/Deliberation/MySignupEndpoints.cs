using System.Globalization;
using System.Security.Claims;
using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// 码上协商: which of some meetings the caller signed up for. The meeting lists are public and cached, the same for
/// everyone; the mini program asks this small question for the meetings on its screen and merges the answer.
/// </summary>
public static class MySignupEndpoints
{
    /// <summary>At most one page of the meetings list.</summary>
    private const int MaxIds = 50;

    public sealed record MySignup(long MeetingId, string AttendMode);

    public static IEndpointRouteBuilder MapMySignupEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/signups", Mine)
            .WithTags("Meetings")
            .RequireAuthorization()
            .WithSummary("Which of the given meetings the caller signed up for, and how they attend")
            .WithDescription("meetingIds: comma-separated meeting ids, 1–50 (a page of GET /api/meetings). Answers only the meetings signed up for; ids of other or unknown meetings are simply absent.")
            .ProducesProblem(400).ProducesProblem(401);
        return app;
    }

    private static async Task<Results<Ok<List<MySignup>>, ValidationProblem>> Mine(
        string? meetingIds, ClaimsPrincipal user, Reads reads, CancellationToken ct)
    {
        if (!TryParse(meetingIds, out var ids))
        {
            return ApiProblem.Validation("meetingIds", $"请用逗号分隔会议编号，1 到 {MaxIds} 个，例如 meetingIds=3,5。");
        }

        var rows = await reads.RunAsync(connection => connection.QueryAsync<MySignup>(new CommandDefinition(
            """
            SELECT meeting_id AS MeetingId, attend_mode AS AttendMode FROM meeting_participants
            WHERE user_id = @userId AND meeting_id IN @ids ORDER BY meeting_id
            """,
            new { userId = user.UserId(), ids }, cancellationToken: ct)), ct);
        return TypedResults.Ok(rows.AsList());
    }

    private static bool TryParse(string? text, out long[] ids)
    {
        ids = [];
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is 0 or > MaxIds)
        {
            return false;
        }

        var parsed = new List<long>();
        foreach (var part in parts)
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                return false;
            }

            parsed.Add(id);
        }

        ids = parsed.Distinct().ToArray();
        return true;
    }
}
