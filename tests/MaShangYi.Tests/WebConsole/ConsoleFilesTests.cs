using System.Net;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MaShangYi.Tests.WebConsole;

/// <summary>The API serves the built console at /console/ from a folder: a tiny fake Vite build stands in for it here.</summary>
public sealed class ConsoleFilesTests
{
    private const string IndexHtml = "<!doctype html><html><head><script type=\"module\" src=\"/console/assets/index-3f9a1c.js\"></script></head><body>码上议管理后台</body></html>";

    private string _folder = null!;

    private WebApplicationFactory<Program> _api = null!;

    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void StartWithAFakeBuild()
    {
        _folder = Directory.CreateTempSubdirectory("console-dist-").FullName;
        Directory.CreateDirectory(Path.Combine(_folder, "assets"));
        File.WriteAllText(Path.Combine(_folder, "index.html"), IndexHtml);
        File.WriteAllText(Path.Combine(_folder, "assets", "index-3f9a1c.js"), "console.log('console');");
        File.WriteAllText(Path.Combine(_folder, "favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        _api = TestRun.Api.WithWebHostBuilder(builder => builder.UseSetting("Console:Folder", _folder));
        _client = _api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [TestCase("/console/")]
    [TestCase("/console/index.html")]
    [TestCase("/console/people/invitations")]
    [TestCase("/console/topics/12?tab=timeline")]
    public async Task TheAppAndEveryClientRouteGetIndexHtmlCheckedOnEveryLoad(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(IndexHtml));
        Assert.That(response.Headers.CacheControl?.NoCache, Is.True);
        Assert.That(response.Headers.GetValues("X-Frame-Options"), Is.EqualTo(new[] { "DENY" }));
    }

    [Test]
    public async Task HashedAssetsAreCachedForAYearAndOtherFilesAreChecked()
    {
        var asset = await _client.GetAsync("/console/assets/index-3f9a1c.js");
        var icon = await _client.GetAsync("/console/favicon.svg");

        Assert.That(asset.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await asset.Content.ReadAsStringAsync(), Is.EqualTo("console.log('console');"));
        Assert.That(asset.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=31536000, immutable"));
        Assert.That(icon.Headers.CacheControl?.NoCache, Is.True);
    }

    [Test]
    public async Task AMissingFileIs404AndConsoleWithoutItsSlashRedirects()
    {
        var missing = await _client.GetAsync("/console/assets/gone-000000.js");
        var bare = await _client.GetAsync("/console");

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(missing.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently));
        Assert.That(bare.Headers.Location?.ToString(), Is.EqualTo("/console/"));
    }

    [Test]
    public async Task WithoutABuildTheConsoleAddressSaysHowToBuildIt()
    {
        await using var unbuilt = TestRun.Api.WithWebHostBuilder(builder => builder.UseSetting("Console:Folder", Path.Combine(_folder, "no-such-build")));

        var response = await unbuilt.CreateClient().GetAsync("/console/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(body, Does.Contain("console_not_built").And.Contain("npm run build"));
    }
}
