using System.Net;
using System.Net.Sockets;
using System.Text;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Features;

/// <summary>
/// HEAD is answered wherever GET is, with the GET's status and headers and no body (link checkers, uptime monitors and
/// chat previews ask with HEAD); a write's address is not opened by it.
/// </summary>
[NonParallelizable]
public sealed class HeadRequestTests : TopicTest
{
    [Test]
    public async Task HeadAnswersAsGetWouldWithTheSameStatusAndType()
    {
        var topic = await AnnouncedTopicAsync();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });
        var reads = new (HttpClient Client, string Path)[]
        {
            (Anonymous, "/healthz"),
            (Anonymous, $"/api/landing?scene={scene}"),
            (Anonymous, $"/board/rooms/{scene}"),
            (Anonymous, $"/api/rooms/{RoomId}/topics"),
            (Resident, $"/api/topics/{topic}"),
            (Anonymous, $"/api/topics/{topic}"),
            (Anonymous, "/api/topics/999999999"),
        };

        foreach (var (client, path) in reads)
        {
            using var get = await client.GetAsync(path);
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

            Assert.That(head.StatusCode, Is.EqualTo(get.StatusCode), $"HEAD {path}");
            Assert.That(head.Content.Headers.ContentType?.MediaType, Is.EqualTo(get.Content.Headers.ContentType?.MediaType), $"HEAD {path}");
        }

        using var write = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/auth/login"));
        Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed), "an address that only takes writes stays closed to HEAD");
    }

    [Test]
    public async Task OnARealSocketHeadSendsTheHeadersAndNoBody()
    {
        await AnnouncedTopicAsync();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });
        await using var api = LoopbackApi.Start();
        var path = $"/board/rooms/{scene}";

        var (getStatus, getHeaders, getBody) = await ExchangeAsync(api.Address, "GET", path);
        var (headStatus, headHeaders, headBody) = await ExchangeAsync(api.Address, "HEAD", path);

        Assert.That(getStatus, Is.EqualTo("HTTP/1.1 200 OK"));
        Assert.That(getBody, Does.Contain("</html>"));
        Assert.That(headStatus, Is.EqualTo("HTTP/1.1 200 OK"));
        Assert.That(headHeaders["content-type"], Is.EqualTo(getHeaders["content-type"]));
        Assert.That(headBody, Is.Empty, "Kestrel sends no body to a HEAD, though the board was rendered for it");
    }

    /// <summary>One request on its own connection, read to the server's close: the status line, the headers and what
    /// followed them.</summary>
    private static async Task<(string Status, Dictionary<string, string> Headers, string Body)> ExchangeAsync(Uri address, string method, string path)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n"));
        using var received = new MemoryStream();
        await stream.CopyToAsync(received).WaitAsync(TimeSpan.FromSeconds(30));
        var text = Encoding.UTF8.GetString(received.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..end].Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        return (lines[0], headers, text[(end + 4)..]);
    }
}
