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
    [Test]
    public async Task ACachedPublicAnswerComesCompressedToWhoAsksAndAsItIsToWhoDoesNot()
    {
        await using var factory = Api.WithWebHostBuilder(builder => builder.UseSetting("Caching:Enabled", "true"));
        var client = factory.CreateClient();
        await AnnouncedTopicAsync();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });
        var path = $"/api/landing?scene={scene}";

        var plain = await Compressed.GetAsync(client, path, null);
        var brotli = await Compressed.GetAsync(client, path, "gzip, deflate, br");
        var gzip = await Compressed.GetAsync(client, path, "gzip");
        var again = await Compressed.GetAsync(client, path, "br");
        var text = await Compressed.BodyAsync(plain);

        Assert.That(plain.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That(text, Does.Contain(scene));
        Assert.That(brotli.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }), "Brotli when the client takes it");
        Assert.That(gzip.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That(again.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }), "an answer served from the public cache is compressed too");
        Assert.That(await Compressed.BodyAsync(brotli), Is.EqualTo(text));
        Assert.That(await Compressed.BodyAsync(gzip), Is.EqualTo(text));
        Assert.That(await Compressed.BodyAsync(again), Is.EqualTo(text));
        Assert.That(brotli.Headers.Vary, Does.Contain("Accept-Encoding"), "a shared cache on the way keeps the two apart");
    }

    [Test]
    public async Task ALongAnswerShrinksAndAnAuthenticatedReadIsCompressedToo()
    {
        var topic = await AnnouncedTopicAsync();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });

        var board = await Compressed.GetAsync(Anonymous, $"/board/rooms/{scene}", "gzip");
        var plainBoard = await Compressed.GetAsync(Anonymous, $"/board/rooms/{scene}", null);
        var detail = await Compressed.GetAsync(Resident, $"/api/topics/{topic}", "br");
        var plainDetail = await Compressed.GetAsync(Resident, $"/api/topics/{topic}", null);

        Assert.That(board.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That(await Compressed.BodyAsync(board), Is.EqualTo(await plainBoard.Content.ReadAsStringAsync()).And.Contain("</html>"));
        Assert.That((await board.Content.ReadAsByteArrayAsync()).Length, Is.LessThan((await plainBoard.Content.ReadAsByteArrayAsync()).Length * 3 / 4),
            "a quarter smaller at least, even a board of one topic (the busiest city's on the province: 99 KB to 13 KB with gzip)");
        Assert.That(detail.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
        Assert.That(await Compressed.BodyAsync(detail), Is.EqualTo(await Compressed.BodyAsync(plainDetail)).And.Contain("allowedActions"));
    }

    [Test]
    public async Task WritesImagesAndTokensAreNeverCompressed()
    {
        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { code = "compression-resident" }) };
        login.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        var loggedIn = await Anonymous.SendAsync(login);
        var image = await Compressed.GetAsync(CityAdmin, $"/api/rooms/{RoomId}/code", "gzip, br");

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
        var missing = await Compressed.GetAsync(Anonymous, "/api/topics/999999999", "gzip, br");

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await Compressed.BodyAsync(missing), Does.Contain("没有找到这个问题"));
    }
}
