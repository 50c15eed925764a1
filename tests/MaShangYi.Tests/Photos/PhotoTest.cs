using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using System.Net.Http.Headers;
using ImageMagick;
using MaShangYi.Tests.Topics;

namespace MaShangYi.Tests.Photos;

/// <summary>Photos made in code (with EXIF GPS and orientation, or broken on purpose) and uploads of them.</summary>
public abstract class PhotoTest : ImplementationTest
{
    /// <summary>
    /// A phone photo as stored by the camera: 200×100 pixels, red left half and blue right half, with EXIF orientation 6
    /// (shown rotated 90° clockwise: 100×200, red on top) and a GPS position.
    /// </summary>
    protected static byte[] PhonePhoto(MagickFormat format = MagickFormat.Jpeg, string? seed = null)
    {
        using var image = new MagickImage(MagickColors.Blue, 200, 100);
        image.Draw(new ImageMagick.Drawing.Drawables().FillColor(MagickColors.Red).Rectangle(0, 0, 99, 99));
        if (seed is not null)
        {
            // A few pixels that differ per seed: different seeds are different photos (the same bytes are the same photo).
            var hash = seed.Aggregate(17, (h, c) => unchecked((h * 31) + c)) & 0x7FFFFFFF;
            image.Draw(new ImageMagick.Drawing.Drawables().FillColor(MagickColors.Green).Rectangle(150 + (hash % 40), 90, 150 + (hash % 40) + (hash / 40 % 9), 99));
        }

        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(33, 1), new Rational(30, 1), new Rational(1234, 100)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(119, 1), new Rational(9, 1), new Rational(5678, 100)]);
        exif.SetValue(ExifTag.Make, "TestPhone");
        image.SetProfile(exif);
        // The writer puts the image's own orientation into the EXIF it writes: the two must agree.
        image.Orientation = Orientation.RightTop;
        image.Format = format;
        return image.ToByteArray();
    }

    /// <summary>A PNG of 30000×30000 pixels of one colour: about 110 KB that would decode to gigabytes.</summary>
    protected static byte[] DecompressionBomb()
    {
        const int side = 30000;
        using var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + (side + 7) / 8]; // filter byte + 1 bit per pixel, all zero
            for (var y = 0; y < side; y++)
            {
                zlib.Write(row);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, side);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), side);
        header[8] = 1; // bit depth 1, grey (colour type 0), deflate, no filter method, no interlace
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    protected static Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string fileName = "IMG_0001.jpg", string contentType = "image/jpeg")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "file", fileName);
        return client.PostAsync("/api/photos", content);
    }

    /// <summary>Uploads a fresh phone photo and returns the answer (asserting 201).</summary>
    protected static async Task<JsonObject> UploadOkAsync(HttpClient client, string? seed = null)
    {
        var response = await UploadAsync(client, PhonePhoto(seed: seed ?? Guid.NewGuid().ToString()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    protected static long Id(JsonObject node) => node["id"]!.GetValue<long>();

    /// <summary>The files in the store (every size of every photo).</summary>
    protected static string[] StoredFiles() =>
        Directory.Exists(Api.PhotoFolder) ? Directory.GetFiles(Api.PhotoFolder, "*", SearchOption.AllDirectories) : [];

    protected static Task<string> PublicKeyAsync(long photoId) => ScalarAsync<string>("SELECT public_key FROM photos WHERE id = @photoId", new { photoId });

    /// <summary>Gives the photo a trace id, as a started check would, and applies <paramref name="verdict"/> to it.</summary>
    protected static async Task ApplyVerdictAsync(long photoId, MaShangYi.Api.Infrastructure.WeChat.ContentVerdict verdict)
    {
        var traceId = "trace-" + photoId;
        await ExecuteAsync("UPDATE photos SET trace_id = @traceId WHERE id = @photoId", new { traceId, photoId });
        var verdicts = Api.Services.GetRequiredService<MaShangYi.Api.Infrastructure.WeChat.IMediaCheckVerdicts>();
        await verdicts.ApplyAsync(traceId, verdict, verdict == MaShangYi.Api.Infrastructure.WeChat.ContentVerdict.Pass ? 100 : 20001, CancellationToken.None);
    }

    /// <summary>The path and query of an absolute URL the API gave, to fetch it from the test host.</summary>
    protected static string PathOf(JsonNode? url) => new Uri(url!.GetValue<string>()).PathAndQuery;

    protected static IEnumerable<long> PhotoIds(JsonNode? photos) => photos!.AsArray().Select(p => p!["id"]!.GetValue<long>());
}
