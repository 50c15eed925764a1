using System.IO.Compression;
using System.Security.Claims;
using Dapper;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;

namespace MaShangYi.Api.Features.Codes;

public static class CodeEndpoints
{
    public static IEndpointRouteBuilder MapCodeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Room codes").RequireAuthorization();

        group.MapGet("/rooms/{id:long}/code", RoomCode)
            .WithSummary("The room's mini program code image, for printing (region admin)")
            .Produces(200, contentType: "image/png").ProducesProblem(403).ProducesProblem(404).ProducesProblem(503);
        group.MapGet("/regions/{id:long}/codes.zip", RegionCodes)
            .WithSummary("Every room code in a region's subtree as one ZIP, named by region path and room name (region admin)")
            .Produces(200, contentType: "application/zip").ProducesProblem(403).ProducesProblem(404).ProducesProblem(503);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> RoomCode(
        long id, ClaimsPrincipal user, Access access, CodeImages images, MySqlDataSource db, CancellationToken ct)
    {
        RoomQueries.RoomWithPath? found;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            found = await RoomQueries.FindAsync(connection, id, ct);
        }

        if (found is null)
        {
            return ApiProblem.NotFound("room_not_found", "议事室不存在。");
        }

        if (!await access.IsRegionAdminAsync(user.UserId(), found.Room.RegionId, ct))
        {
            return ApiProblem.Forbidden("您不是该议事室所在区域的管理员。");
        }

        try
        {
            var image = await images.GetOrCreateAsync(found.Room, ct);
            return TypedResults.File(image.Bytes, image.ContentType, ZipEntryNames.Segment(found.Room.Name) + "-" + found.Room.Scene + CodeImages.Extension(image.ContentType));
        }
        catch (WeChatException ex)
        {
            return CodeProblem(ex);
        }
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> RegionCodes(
        long id, ClaimsPrincipal user, Access access, CodeImages images, MySqlDataSource db, CancellationToken ct)
    {
        List<(RoomView Room, string RegionPath)> rooms;
        RegionQueries.RegionRow? region;
        Dictionary<string, string> names;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            region = await RegionQueries.FindAsync(connection, id, ct);
            if (region is null)
            {
                return ApiProblem.NotFound("region_not_found", "区域不存在。");
            }

            if (!await access.IsRegionAdminAsync(user.UserId(), id, ct))
            {
                return ApiProblem.Forbidden("您不是该区域的管理员。");
            }

            rooms = (await connection.QueryAsync<RoomView, string, (RoomView, string)>(new CommandDefinition(
                $"SELECT {RoomQueries.Columns}, r.path FROM rooms m JOIN regions r ON r.id = m.region_id WHERE r.path LIKE CONCAT(@Path, '%') ORDER BY r.path, m.name",
                new { region.Path }, cancellationToken: ct), (room, path) => (room, path), splitOn: "path")).AsList();
            names = (await connection.QueryAsync<(string Code, string Name)>(new CommandDefinition(
                "SELECT code, name FROM regions WHERE path LIKE CONCAT(@Path, '%') OR code IN @ancestors",
                new { region.Path, ancestors = RegionLevels.CodesOf(region.Path) }, cancellationToken: ct)))
                .ToDictionary(r => r.Code, r => r.Name);
        }

        // Written to a temporary file, not memory: a city's worth of WeChat code images is tens of megabytes.
        var file = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (room, path) in rooms)
                {
                    var image = await images.GetOrCreateAsync(room, ct);
                    var folder = string.Join("-", RegionLevels.CodesOf(path).Select(code => names.GetValueOrDefault(code, code)));
                    var entry = zip.CreateEntry($"{ZipEntryNames.Segment(folder)}/{ZipEntryNames.Segment(room.Name)}-{room.Scene}{CodeImages.Extension(image.ContentType)}", CompressionLevel.NoCompression);
                    await using var entryStream = await entry.OpenAsync(ct);
                    await entryStream.WriteAsync(image.Bytes, ct);
                }
            }

            file.Position = 0;
            return TypedResults.File(file, "application/zip", $"{ZipEntryNames.Segment(region.Name)}-议事室小程序码.zip");
        }
        catch (WeChatException ex)
        {
            await file.DisposeAsync();
            return CodeProblem(ex);
        }
    }

    /// <summary>WeChat's failures to make a code image, as one clear answer.</summary>
    public static ProblemHttpResult CodeProblem(WeChatException ex) => ex.Failure switch
    {
        WeChatFailure.RateLimited => ApiProblem.Create(429, "wechat_rate_limited", "生成小程序码太频繁，请稍后再试。", new Dictionary<string, object?> { ["retryAfterSeconds"] = 60 }),
        WeChatFailure.Busy or WeChatFailure.Unreachable => ApiProblem.Create(503, "wechat_unavailable", "微信服务繁忙，小程序码暂时无法生成，请稍后重试。", new Dictionary<string, object?> { ["retryAfterSeconds"] = 10 }),
        _ => ApiProblem.Create(502, "wechat_error", $"微信生成小程序码失败（{ex.ErrCode}），请检查小程序是否已发布、页面路径是否正确。"),
    };
}
