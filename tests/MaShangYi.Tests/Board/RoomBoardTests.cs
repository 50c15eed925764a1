using System.Net;
using System.Text;

namespace MaShangYi.Tests.Board;

/// <summary>GET /board/rooms/{scene}: the room's public notice board, as anyone without a login sees it.</summary>
public sealed class RoomBoardTests : BoardTest
{
    [Test]
    public async Task TheBoardShowsEveryStageInChineseWithoutALogin()
    {
        var scene = await RoomWithEveryStageAsync();

        var (response, html) = await GetPageAsync($"/board/rooms/{scene}");

        AssertHtml(response, html, HttpStatusCode.OK);
        Assert.That(html, Does.Contain("<h1>柳树湾社区协商议事室</h1>"));
        Assert.That(html, Does.Contain("<title>柳树湾社区协商议事室 · 议事室公开栏</title>"), "the tab names the room once, not 议事室议事室");
        Assert.That(html, Does.Contain("淮安市 › 清江浦区").And.Contain("地址："), "the room's region path and address");
        Assert.That(html, Does.Contain("小区路灯不亮").And.Contain("听取意见中").And.Contain("支持 1").And.Contain("意见 1").And.Contain("听取意见到："));
        Assert.That(html, Does.Contain("健身器材老化").And.Contain("一个月内更新健身器材。").And.Contain("要求办完："));
        Assert.That(html, Does.Contain("疏通排水管").And.Contain("责任单位：清江浦区住建局").And.Contain("负责人：李工").And.Contain("进度 60%"));
        Assert.That(html, Does.Contain("维修垃圾分类亭").And.Contain("已逾期 2 天"), "overdue is said in words, not colour alone");
        Assert.That(html, Does.Contain("楼道堆放杂物").And.Contain("A类：已解决").And.Contain("楼道杂物已全部清理。"));
        Assert.That(html, Does.Contain("小区门口修建停车场").And.Contain("C类：不予办理").And.Contain("涉及规划调整，非本级职权。"));
    }

    [Test]
    public async Task TopicsUnderReviewRejectedOrHeldAndEveryPersonalDetailNeverAppear()
    {
        var scene = await RoomWithEveryStageAsync();
        await ExecuteAsync("UPDATE topics SET moderation = 'held' WHERE title = '健身器材老化'");

        var (response, html) = await GetPageAsync($"/board/rooms/{scene}");

        AssertHtml(response, html, HttpStatusCode.OK);
        Assert.That(html, Does.Not.Contain("还在审题的议题").And.Not.Contain("被驳回的议题").And.Not.Contain("健身器材老化"));
        Assert.That(html, Does.Contain("志愿者代提的议题"), "the volunteer-entered topic is public once accepted");
        Assert.That(html, Does.Not.Contain(VolunteerEnteredName).And.Not.Contain(VolunteerEnteredPhone).And.Not.Contain("****"));
        Assert.That(html, Does.Not.Contain("建议换成节能灯"), "comments are not on the board");
        var openIds = await QueryAsync<string>("SELECT openid FROM users");
        Assert.That(openIds, Is.Not.Empty.And.None.Matches<string>(id => html.Contains(id, StringComparison.Ordinal)));
    }

    [Test]
    public async Task ATitleWithMarkupIsShownAsText()
    {
        await AnnouncedAsync("<script>alert('x')</script>路灯&\"问题\"");

        var (response, html) = await GetPageAsync($"/board/rooms/{await SceneAsync(RoomId)}");

        AssertHtml(response, html, HttpStatusCode.OK);
        Assert.That(html, Does.Not.Contain("<script"), "no script element at all, and none from the title");
        Assert.That(html, Does.Contain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;路灯&amp;&quot;问题&quot;"));
    }

    [Test]
    public async Task AnUnknownOrMalformedSceneIsAChinese404Page()
    {
        await SeedDemoCityAsync();

        foreach (var url in new[] { "/board/rooms/ZZZZZZZZ", "/board/rooms/%3Cb%3E", "/board/rooms/" + new string('A', 40) })
        {
            var (response, html) = await GetPageAsync(url);

            AssertHtml(response, html, HttpStatusCode.NotFound);
            Assert.That(html, Does.Contain("没有找到").And.Not.Contain("<b>"), url);
        }
    }

    [Test]
    public async Task AClosedRoomSaysSoAndKeepsItsRecordPublic()
    {
        await AnnouncedAsync("小区路灯不亮");
        await ExecuteAsync("UPDATE rooms SET is_active = 0 WHERE id = @RoomId", new { RoomId });

        var (response, html) = await GetPageAsync($"/board/rooms/{await SceneAsync(RoomId)}");

        AssertHtml(response, html, HttpStatusCode.OK);
        Assert.That(html, Does.Contain("这个议事室已停用").And.Contain("小区路灯不亮"));
    }

    [Test]
    public async Task TheSceneIsReadInAnyCaseAndThePageIsCachedBrieflyWithoutScripts()
    {
        var scene = await SceneAsync(RoomId);

        var (response, html) = await GetPageAsync($"/board/rooms/{scene.ToLowerInvariant()}");

        AssertHtml(response, html, HttpStatusCode.OK);
        Assert.That(response.Headers.CacheControl?.Public, Is.True);
        Assert.That(response.Headers.CacheControl?.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'none'"));
        Assert.That(html, Does.Contain("暂无"), "empty sections say so");
        Assert.That(html, Does.Contain("@media print").And.Contain("break-before:page"), "a print stylesheet puts sections on their own pages");
        Assert.That(html, Does.Not.Contain("http-equiv=\"refresh\""), "only the television mode reloads");
    }

    [Test]
    public async Task TheTelevisionModeReloadsItselfAndUsesLargeType()
    {
        var (response, html) = await GetPageAsync($"/board/rooms/{await SceneAsync(RoomId)}?tv=1");

        AssertHtml(response, html, HttpStatusCode.OK);
        Assert.That(html, Does.Contain("<meta http-equiv=\"refresh\" content=\"300\">").And.Contain("<html lang=\"zh-CN\" class=\"tv\">"));
    }

    [Test]
    public async Task AFullBoardShowsTheMostRecentlyActiveTopicsOfEveryStatusAndSaysThereAreMore()
    {
        // 130 topics in two statuses, #r# updated r minutes ago: the statuses interleave and the recency is not the id order,
        // so the board's worth is taken across both statuses by time.
        var announced = await AnnouncedAsync("板面议题");
        var deliberated = await AnnouncedAsync("板面议题");
        await DeliberateAsync(deliberated);
        await ExecuteAsync(
            """
            UPDATE topics SET title = '板面议题#128#', updated_at = UTC_TIMESTAMP(3) - INTERVAL 128 MINUTE WHERE id = @announced;
            UPDATE topics SET title = '板面议题#129#', updated_at = UTC_TIMESTAMP(3) - INTERVAL 129 MINUTE WHERE id = @deliberated;
            """, new { announced, deliberated });
        var columns = (await QueryAsync<string>(
            """
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = DATABASE() AND table_name = 'topics' AND column_name NOT IN ('id', 'title', 'receipt_no', 'idempotency_key', 'updated_at')
            """)).Select(c => $"`{c}`").ToList();
        await ExecuteAsync(
            $"""
            INSERT INTO topics ({string.Join(", ", columns)}, title, receipt_no, updated_at)
            WITH RECURSIVE n (i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 129)
            SELECT {string.Join(", ", columns.Select(c => "t." + c))}, CONCAT('板面议题#', LPAD(n.i * 37 % 128, 3, '0'), '#'), CONCAT(t.receipt_no, '-', n.i),
                   UTC_TIMESTAMP(3) - INTERVAL (n.i * 37 % 128) MINUTE
            FROM n JOIN topics t ON t.id = IF(n.i % 2 = 0, @announced, @deliberated)
            """, new { announced, deliberated });

        var (response, html) = await GetPageAsync($"/board/rooms/{await SceneAsync(RoomId)}");

        AssertHtml(response, html, HttpStatusCode.OK);
        var shown = Enumerable.Range(0, 130).Where(i => html.Contains($"板面议题#{i:000}#", StringComparison.Ordinal)).ToList();
        Assert.That(shown, Is.EqualTo(Enumerable.Range(0, 120)), "the 120 most recently updated, whichever their status");
        Assert.That(html, Does.Contain("本页只列出最近有进展的问题"));
    }

    [Test]
    public async Task ABusyRoomsPageStaysSmall()
    {
        var scene = await RoomWithEveryStageAsync();

        var (_, html) = await GetPageAsync($"/board/rooms/{scene}");

        var bytes = Encoding.UTF8.GetByteCount(html);
        TestContext.Out.WriteLine($"board HTML for the test room: {bytes} bytes");
        Assert.That(bytes, Is.LessThan(30 * 1024));
    }
}
