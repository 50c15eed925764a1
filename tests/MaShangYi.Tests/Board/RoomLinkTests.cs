using System.Net;

namespace MaShangYi.Tests.Board;

/// <summary>
/// GET /r/{scene}: a room's ordinary QR code opened outside WeChat (a phone's camera or browser) shows the room's public
/// page and tells the person to scan the code in WeChat; an unknown code answers a friendly page, never a bare 404.
/// </summary>
public sealed class RoomLinkTests : BoardTest
{
    [Test]
    public async Task ARoomsLinkShowsItsPublicPageWithALineSayingToScanItInWeChat()
    {
        await AnnouncedAsync("小区路灯不亮");

        var (response, html) = await GetPageAsync($"/r/{await SceneAsync(RoomId)}");

        AssertHtml(response, html, HttpStatusCode.OK);
        Assert.That(html, Does.Contain("<h1>柳树湾社区协商议事室</h1>").And.Contain("小区路灯不亮").And.Contain("听取意见中"));
        Assert.That(html, Does.Contain("id=\"scan-hint\"").And.Contain("请打开微信").And.Contain("扫一扫"));
        Assert.That(html, Does.Not.Contain("<script"));
        Assert.That(response.Headers.CacheControl?.Public, Is.True);
    }

    [Test]
    public async Task TheLinkReadsTheSceneInAnyCase()
    {
        var scene = await SceneAsync(RoomId);

        var (response, html) = await GetPageAsync($"/r/{scene.ToLowerInvariant()}");

        AssertHtml(response, html, HttpStatusCode.OK);
        Assert.That(html, Does.Contain("<h1>柳树湾社区协商议事室</h1>"));
    }

    [Test]
    public async Task TheNoticeBoardItselfCarriesNoScanLine()
    {
        var (response, html) = await GetPageAsync($"/board/rooms/{await SceneAsync(RoomId)}");

        AssertHtml(response, html, HttpStatusCode.OK);
        Assert.That(html, Does.Not.Contain("scan-hint"));
    }

    [TestCase("/r/NOSUCHROOM")]
    [TestCase("/r/%E4%B8%8D%E5%AD%98%E5%9C%A8")]
    [TestCase("/r/x%3Cb%3E")]
    public async Task AnUnknownOrMalformedCodeIsAFriendlyChinese404Page(string url)
    {
        var (response, html) = await GetPageAsync(url);

        AssertHtml(response, html, HttpStatusCode.NotFound);
        Assert.That(html, Does.Contain("<h1>没有找到这个议事室</h1>").And.Contain("请用微信扫描议事室张贴的二维码").And.Not.Contain("<b>"));
    }
}
