using System.Text;
using System.Text.RegularExpressions;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Time;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Board;

/// <summary>
/// The public notice board (公示栏): server-rendered HTML for a room's wall screen, a phone or a printed sheet.
/// No login and no personal data; it shows what the public topic views show, and less.
/// </summary>
public static partial class BoardEndpoints
{
    private const string Html = "text/html; charset=utf-8";

    /// <summary>A board changes when staff act, not by the second; a minute's caching spares the database on a busy day.</summary>
    private const string CacheControl = "public, max-age=60";

    // No scripts at all (TV refresh is a meta tag), styles only inline: a title that slipped past encoding still could not run.
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    /// <summary>Opened outside WeChat, a room's ordinary QR code (its link) lands here: the room's page and how to open it in WeChat.</summary>
    private const string ScanInWeChat = "这是“码上议”议事室的二维码。请打开微信，点右上角“＋”→“扫一扫”，扫描议事室张贴的二维码，就能在小程序里提出问题、发表意见、报名参加协商会议和查看办理进展。";

    public static IEndpointRouteBuilder MapBoardEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/board").WithTags("Board").AddEndpointFilter(PageHeaders);
        group.MapGet("/rooms/{scene}", RoomBoard)
            .CacheOutput(Infrastructure.Caching.PublicCache.Statistics)
            .WithSummary("A room's public notice board (公示栏) as an HTML page")
            .WithDescription("Public, no login. Announced topics, published resolutions, implementation progress and outcomes closed in the last 90 days. ?tv=1 for the room's television (large type, reloads every 5 minutes). Unknown scene: a 404 HTML page.")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status404NotFound, contentType: "text/html");
        group.MapGet("/regions/{code}", RegionBoard)
            .CacheOutput(Infrastructure.Caching.PublicCache.Statistics)
            .WithSummary("A region's public notice board: every room in its subtree, as an HTML page")
            .WithDescription("Public, no login. code is the region's administrative code (e.g. 320812001). ?tv=1 as for rooms. Unknown code: a 404 HTML page.")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status404NotFound, contentType: "text/html");
        app.MapGet("/r/{scene}", RoomLink)
            .WithTags("Board")
            .AddEndpointFilter(PageHeaders)
            .CacheOutput(Infrastructure.Caching.PublicCache.Statistics)
            .WithSummary("A room's link as printed in its ordinary QR code (https://<public base>/r/<scene>): the room's public page")
            .WithDescription("WeChat opens the mini program for this link when its prefix is registered under 扫普通链接二维码打开小程序; any other browser gets the room's public board with a line telling the person to scan the code in WeChat. Unknown scene: a friendly 404 HTML page.")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status404NotFound, contentType: "text/html");
        return app;
    }

    private static async ValueTask<object?> PageHeaders(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.CacheControl = CacheControl;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return await next(context);
    }

    private static Task<ContentHttpResult> RoomBoard(string scene, string? tv, Reads reads, TimeProvider clock, CancellationToken ct) =>
        RoomPageAsync(scene, tv, hint: null, reads, clock, ct);

    private static Task<ContentHttpResult> RoomLink(string scene, Reads reads, TimeProvider clock, CancellationToken ct) =>
        RoomPageAsync(scene, tv: null, ScanInWeChat, reads, clock, ct);

    private static async Task<ContentHttpResult> RoomPageAsync(string scene, string? tv, string? hint, Reads reads, TimeProvider clock, CancellationToken ct)
    {
        if (!SceneCodes.IsWellFormed(scene))
        {
            return RoomNotFound(hint, "没有找到这个议事室。");
        }

        return await reads.RunAsync(async connection =>
        {
            if (await BoardQueries.RoomAsync(connection, SceneCodes.Normalize(scene), clock.StoredNow(), ct) is not { } board)
            {
                return RoomNotFound(hint, "没有找到这个议事室，请确认网址中的议事室编号。");
            }

            var room = board.Room;
            var header = new BoardHeader(
                room.Name, "议事室公开栏", board.Path.Select(r => r.Name).ToList(), [$"地址：{room.Address}"],
                room.IsActive ? null : "这个议事室已停用，不再接受新的问题和报名；以往的问题、协商结果和办理结果仍在这里公开。",
                ShowRoomNames: false,
                Hint: hint);
            return Page(header, board.Data, tv, clock);
        }, ct);
    }

    private static async Task<ContentHttpResult> RegionBoard(string code, string? tv, Reads reads, TimeProvider clock, CancellationToken ct)
    {
        if (!RegionCode().IsMatch(code))
        {
            return NotFound("没有找到这个区域。");
        }

        return await reads.RunAsync(async connection =>
        {
            var region = await BoardQueries.FindRegionAsync(connection, code, ct);
            if (region is null)
            {
                return NotFound("没有找到这个区域，请确认网址中的区划代码。");
            }

            // The region first: its level names the column and index the board reads along.
            var (path, rooms, open, data) = await BoardQueries.RegionAsync(connection, region, clock.StoredNow(), ct);
            var header = new BoardHeader(
                region.Name, $"{RegionLevels.Name(region.Level)}公开栏", path.Take(path.Count - 1).Select(r => r.Name).ToList(),
                [rooms == open ? $"辖区议事室：{rooms} 个" : $"辖区议事室：{rooms} 个（其中 {rooms - open} 个已停用）"],
                rooms == 0 ? "该区域暂无议事室。" : null,
                ShowRoomNames: true);
            return Page(header, data, tv, clock);
        }, ct);
    }

    private static ContentHttpResult Page(BoardHeader header, BoardData data, string? tv, TimeProvider clock)
    {
        var now = clock.GetUtcNow().ToOffset(LocalDate.Offset);
        return TypedResults.Content(BoardPage.Render(header, data, tv == "1", clock.Today(), now), Html, Encoding.UTF8);
    }

    private static ContentHttpResult NotFound(string message) =>
        TypedResults.Content(BoardPage.NotFound(message), Html, Encoding.UTF8, StatusCodes.Status404NotFound);

    /// <summary>An unknown room: on the board, as any unknown board; from a scanned link, in the words of someone holding a code.</summary>
    private static ContentHttpResult RoomNotFound(string? hint, string message) => hint is null
        ? NotFound(message)
        : TypedResults.Content(
            BoardPage.NotFound("这个二维码对应的议事室不存在，或者二维码已经损坏。", "没有找到这个议事室", "请用微信扫描议事室张贴的二维码，或者在微信里搜索“码上议”小程序，查找您所在的议事室。"),
            Html, Encoding.UTF8, StatusCodes.Status404NotFound);

    [GeneratedRegex("^[0-9]{1,20}$")]
    private static partial Regex RegionCode();
}
