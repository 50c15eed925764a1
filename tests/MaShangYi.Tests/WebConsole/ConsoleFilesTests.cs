using System.Net;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MaShangYi.Tests.WebConsole;

/// <summary>The API serves the built console at /console/ from a folder: a tiny fake Vite build stands in for it here.</summary>
public sealed class ConsoleFilesTests
{
    private const string IndexHtml = "<!doctype html><html><head><script type=\"module\" src=\"/console/assets/index-3f9a1c.js\"></script></head><body>码上议管理后台</body></html>";

    /// <summary>A bundle's worth of script (Vite's vendor chunk is over a megabyte): repetitive, as code is.</summary>
    private static readonly string BigScript = string.Concat(Enumerable.Range(0, 2000).Select(i => $"export function f{i}(a) {{ return a + {i}; }}\n"));

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
        File.WriteAllText(Path.Combine(_folder, "assets", "vendor-8b2e4d.js"), BigScript);
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
    public async Task TheConsoleComesCompressedToABrowserThatAsks()
    {
        var asset = await Compressed.GetAsync(_client, "/console/assets/vendor-8b2e4d.js", "gzip, deflate, br");
        var page = await Compressed.GetAsync(_client, "/console/topics/12", "gzip");
        var plain = await Compressed.GetAsync(_client, "/console/assets/vendor-8b2e4d.js", null);

        Assert.That(asset.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
        Assert.That(await Compressed.BodyAsync(asset), Is.EqualTo(BigScript));
        Assert.That((await asset.Content.ReadAsByteArrayAsync()).Length, Is.LessThan(BigScript.Length / 4));
        Assert.That(asset.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=31536000, immutable"), "still kept a year");
        Assert.That(page.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That(await Compressed.BodyAsync(page), Is.EqualTo(IndexHtml));
        Assert.That(plain.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That(await plain.Content.ReadAsStringAsync(), Is.EqualTo(BigScript));
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
