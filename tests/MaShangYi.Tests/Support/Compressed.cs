using System.IO.Compression;

namespace MaShangYi.Tests.Support;

/// <summary>Reads as a client that asks for compressed answers: the test client does not decompress, so the tests see the bytes sent.</summary>
public static class Compressed
{
    /// <summary>A GET with <paramref name="acceptEncoding"/> as its Accept-Encoding (null: none).</summary>
    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The answer's body, decompressed by its Content-Encoding (none: as it is).</summary>
    public static async Task<string> BodyAsync(HttpResponseMessage response)
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
}
