using MaShangYi.Tests.Support;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace MaShangYi.Tests.Board;

/// <summary>
/// The room board in a real headless Chromium (Debian's, at /usr/bin/chromium; nothing is downloaded), served by the
/// API on a loopback port: the items are in the rendered DOM, nothing is logged as an error, it fits a phone, and
/// screenshots at phone, television and print are left in the test output for a person to look at.
/// </summary>
[NonParallelizable]
public sealed class BoardBrowserTests : BoardTest
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-dev-shm-usage",
    ];

    private LoopbackApi _api = null!;
    private IBrowser _browser = null!;
    private string _profile = null!;

    [OneTimeSetUp]
    public async Task StartBrowserAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"{ChromiumPath} is missing: scripts/test.sh installs Debian's chromium (apt-get install -y chromium).");
        }

        _api = LoopbackApi.Start();
        _profile = Directory.CreateTempSubdirectory("board-chromium-").FullName;
        _browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            UserDataDir = _profile,
            Args = ChromiumArgs,
            Timeout = 60_000,
        });
    }

    [OneTimeTearDown]
    public async Task StopBrowserAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_profile is not null)
        {
            Directory.Delete(_profile, recursive: true);
        }
    }

    [Test]
    public async Task TheRoomBoardRendersItsItemsInChromiumWithoutConsoleErrorsAndFitsAPhone()
    {
        await AnnouncedAsync("<script>window.hacked = 1</script>路灯");
        var scene = await RoomWithEveryStageAsync();
        _api.SyncClock();
        await using var page = await _browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, e) =>
        {
            if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning)
            {
                problems.Add($"console {e.Message.Type}: {e.Message.Text}");
            }
        };
        page.PageError += (_, e) => problems.Add($"page error: {e.Message}");
        page.RequestFailed += (_, e) => problems.Add($"request failed: {e.Request.Url}");
        page.Response += (_, e) =>
        {
            if ((int)e.Response.Status >= 400)
            {
                problems.Add($"HTTP {(int)e.Response.Status}: {e.Response.Url}");
            }
        };
        await page.SetViewportAsync(new ViewPortOptions { Width = 390, Height = 844 });

        var response = await page.GoToAsync(new Uri(_api.Address, $"/board/rooms/{scene}").ToString(), WaitUntilNavigation.Load);

        Assert.That((int)response.Status, Is.EqualTo(200));
        var headings = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('section h3')].map(h => h.textContent)");
        Assert.That(headings, Is.SupersetOf(new[]
        {
            "小区路灯不亮", "健身器材老化", "疏通排水管", "维修垃圾分类亭", "楼道堆放杂物", "小区门口修建停车场", "<script>window.hacked = 1</script>路灯",
        }));
        Assert.That(await page.EvaluateExpressionAsync<string>("document.querySelector('h1').textContent"), Is.EqualTo("柳树湾社区协商议事室"));
        Assert.That(await page.EvaluateExpressionAsync<string>("document.querySelector('#tasks').innerText"), Does.Contain("已逾期 2 天"));
        Assert.That(await page.EvaluateExpressionAsync<int>("document.scripts.length"), Is.Zero);
        Assert.That(await page.EvaluateExpressionAsync<bool>("window.hacked === undefined"), Is.True);
        Assert.That(await page.EvaluateExpressionAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(390), "no sideways scrolling on a phone");
        await ScreenshotAsync(page, "board-phone-390.png");

        await page.SetViewportAsync(new ViewPortOptions { Width = 1920, Height = 1080 });
        await page.GoToAsync(new Uri(_api.Address, $"/board/rooms/{scene}?tv=1").ToString(), WaitUntilNavigation.Load);
        var tvFont = await page.EvaluateExpressionAsync<string>("getComputedStyle(document.querySelector('section li .meta')).fontSize");
        Assert.That(double.Parse(tvFont.TrimEnd('p', 'x'), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(24), "large type on the television, down to the small print");
        await ScreenshotAsync(page, "board-tv-1920.png");

        await page.EmulateMediaTypeAsync(MediaType.Print);
        await page.SetViewportAsync(new ViewPortOptions { Width = 794, Height = 1123 });
        Assert.That(await page.EvaluateExpressionAsync<string>("getComputedStyle(document.querySelector('header')).backgroundColor"), Is.EqualTo("rgba(0, 0, 0, 0)"), "print: no backgrounds");
        Assert.That(await page.EvaluateExpressionAsync<string>("getComputedStyle(document.querySelector('#resolutions')).breakBefore"), Is.EqualTo("page"), "print: a section a page");
        await ScreenshotAsync(page, "board-print-a4.png");

        Assert.That(problems, Is.Empty);
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "board-screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = true, Type = ScreenshotType.Png });
        TestContext.AddTestAttachment(path);
    }
}
