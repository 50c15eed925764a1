using System.Net;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Board;

/// <summary>GET /board/regions/{code}: every room of a region's subtree on one board, each item naming its room.</summary>
public sealed class RegionBoardTests : BoardTest
{
    private async Task<(long NeighbourRoom, string NeighbourName)> NeighbourRoomAsync()
    {
        var rows = await QueryAsync<(long Id, string Name)>(
            """
            SELECT m.id, m.name FROM rooms m JOIN regions r ON r.id = m.region_id
            WHERE r.path LIKE CONCAT('%/', @TownCode, '/%') AND m.id <> @RoomId ORDER BY m.id LIMIT 1
            """, new { TownCode, RoomId });
        return rows.Single();
    }

    private async Task<long> OtherCountyTopicAsync(string title)
    {
        var reviewer = await LoginWithRoleAsync("other-reviewer", Roles.Reviewer, OtherCountyCode);
        var id = await TopicAsync(title, OtherCountyRoomId);
        await ActAsync(reviewer, id, "accept", new { announcementEndsOn = Today(7) });
        return id;
    }

    [Test]
    public async Task ATownBoardAggregatesTheRoomsInItsSubtreeAndNothingOutsideIt()
    {
        var (neighbour, neighbourName) = await NeighbourRoomAsync();
        await AnnouncedAsync("柳树湾的议题");
        await AnnouncedAsync("邻村的议题", neighbour);
        await TopicAsync("邻村还在审题的议题", neighbour);
        await OtherCountyTopicAsync("别的区县的议题");
        var rooms = await ScalarAsync<long>(
            "SELECT COUNT(*) FROM rooms m JOIN regions r ON r.id = m.region_id WHERE r.path LIKE CONCAT('%/', @TownCode, '/%')", new { TownCode });

        var (response, html) = await GetPageAsync($"/board/regions/{TownCode}");

        AssertHtml(response, html, HttpStatusCode.OK);
        Assert.That(html, Does.Contain("镇街公开栏").And.Contain("淮安市 › 清江浦区").And.Contain($"辖区议事室：{rooms} 个"));
        Assert.That(html, Does.Contain("柳树湾的议题").And.Contain("邻村的议题"));
        Assert.That(html, Does.Contain($">{neighbourName}</a>").And.Contain($"href=\"/board/rooms/{await SceneAsync(neighbour)}\""), "each item names and links its room");
        Assert.That(html, Does.Not.Contain("别的区县的议题").And.Not.Contain("邻村还在审题的议题"));
    }

    [Test]
    public async Task TheCityBoardShowsEveryCountyAndCountsClosedRooms()
    {
        await AnnouncedAsync("柳树湾的议题");
        await OtherCountyTopicAsync("别的区县的议题");
        await ExecuteAsync("UPDATE rooms SET is_active = 0 WHERE id = @OtherCountyRoomId", new { OtherCountyRoomId });

        var (response, html) = await GetPageAsync("/board/regions/320800");

        AssertHtml(response, html, HttpStatusCode.OK);
        Assert.That(html, Does.Contain("<h1>淮安市</h1>").And.Contain("市公开栏").And.Contain("辖区议事室：28 个（其中 1 个已停用）"));
        Assert.That(html, Does.Contain("柳树湾的议题").And.Contain("别的区县的议题"));
    }

    [Test]
    public async Task ARegionsTasksAreListedWithTheirRoomAndOverdueInWords()
    {
        var implementer = await ImplementerAsync();
        var id = await AnnouncedAsync("三号楼前积水");
        await DeliberateAsync(id);
        await ImplementAsync(id, implementer, "两周内疏通排水管。", "疏通排水管", 1, 30);
        await MakeLateAsync("疏通排水管", days: 2);

        var (_, html) = await GetPageAsync($"/board/regions/{TownCode}");

        Assert.That(html, Does.Contain("疏通排水管").And.Contain("议事室：柳树湾社区协商议事室").And.Contain("已逾期 1 天").And.Contain("进度 30%"));
    }

    [TestCase("999999")]
    [TestCase("32080x")]
    public async Task AnUnknownRegionCodeIsAChinese404Page(string code)
    {
        await SeedDemoCityAsync();

        var (response, html) = await GetPageAsync($"/board/regions/{code}");

        AssertHtml(response, html, HttpStatusCode.NotFound);
        Assert.That(html, Does.Contain("没有找到这个区域"));
    }
}
