using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MaShangYi.Tests.Features;

/// <summary>
/// Text answers to reads come compressed to a client that asks (Brotli or gzip), the same answer as uncompressed; a client
/// that does not ask, writes, and images get them as they are.
/// </summary>
public sealed class CompressionTests : TopicTest
{
    /// <summary>The answer's body, decompressed by its Content-Encoding (none: as it is).</summary>
    internal static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var encoding = response.Content.Headers.ContentEncoding.SingleOrDefault();
        await using var raw = await response.Content.ReadAsStreamAsync();
        await using Stream body = encoding switch
        {
            null => raw,
            "br" => new BrotliStream(raw, CompressionMode.Decompress),
            "gzip" => new GZipStream(raw, CompressionMode.Decompress),
            _ => throw new AssertionException($"unexpected Content-Encoding {encoding}"),
        };
        using var reader = new StreamReader(body);
        return await reader.ReadToEndAsync();
    }

    internal static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return await client.SendAsync(request);
    }

    [Test]
    public async Task ACachedPublicAnswerComesCompressedToWhoAsksAndAsItIsToWhoDoesNot()
    {
        await using var factory = Api.WithWebHostBuilder(builder => builder.UseSetting("Caching:Enabled", "true"));
        var client = factory.CreateClient();
        await AnnouncedTopicAsync();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });
        var path = $"/api/landing?scene={scene}";

        var plain = await GetAsync(client, path, null);
        var brotli = await GetAsync(client, path, "gzip, deflate, br");
        var gzip = await GetAsync(client, path, "gzip");
        var again = await GetAsync(client, path, "br");
        var text = await BodyAsync(plain);

        Assert.That(plain.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That(text, Does.Contain(scene));
        Assert.That(brotli.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }), "Brotli when the client takes it");
        Assert.That(gzip.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That(again.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }), "an answer served from the public cache is compressed too");
        Assert.That(await BodyAsync(brotli), Is.EqualTo(text));
        Assert.That(await BodyAsync(gzip), Is.EqualTo(text));
        Assert.That(await BodyAsync(again), Is.EqualTo(text));
        Assert.That(brotli.Headers.Vary, Does.Contain("Accept-Encoding"), "a shared cache on the way keeps the two apart");
    }

    [Test]
    public async Task ALongAnswerShrinksAndAnAuthenticatedReadIsCompressedToo()
    {
        var topic = await AnnouncedTopicAsync();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });

        var board = await GetAsync(Anonymous, $"/board/rooms/{scene}", "gzip");
        var plainBoard = await GetAsync(Anonymous, $"/board/rooms/{scene}", null);
        var detail = await GetAsync(Resident, $"/api/topics/{topic}", "br");
        var plainDetail = await GetAsync(Resident, $"/api/topics/{topic}", null);

        Assert.That(board.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That(await BodyAsync(board), Is.EqualTo(await plainBoard.Content.ReadAsStringAsync()).And.Contain("</html>"));
        Assert.That((await board.Content.ReadAsByteArrayAsync()).Length, Is.LessThan((await plainBoard.Content.ReadAsByteArrayAsync()).Length * 3 / 4),
            "a quarter smaller at least, even a board of one topic (a city's of 97 KB: to a sixth)");
        Assert.That(detail.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
        Assert.That(await BodyAsync(detail), Is.EqualTo(await BodyAsync(plainDetail)).And.Contain("allowedActions"));
    }

    [Test]
    public async Task WritesImagesAndTokensAreNeverCompressed()
    {
        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { code = "compression-resident" }) };
        login.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        var loggedIn = await Anonymous.SendAsync(login);
        var image = await GetAsync(CityAdmin, $"/api/rooms/{RoomId}/code", "gzip, br");

        Assert.That(loggedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(loggedIn.Content.Headers.ContentEncoding, Is.Empty, "an answer carrying tokens is sent as it is");
        Assert.That(await loggedIn.Content.ReadAsStringAsync(), Does.Contain("accessToken"));
        Assert.That(image.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(image.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
        Assert.That(image.Content.Headers.ContentEncoding, Is.Empty, "a PNG is compressed already");
    }

    [Test]
    public async Task AnErrorOfARequestThatAskedForCompressionStillReadsInChinese()
    {
        var missing = await GetAsync(Anonymous, "/api/topics/999999999", "gzip, br");

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await BodyAsync(missing), Does.Contain("没有找到这个问题"));
    }
}
