using System.Net;
using System.Text.Json.Nodes;
using ImageMagick;

namespace MaShangYi.Tests.Photos;

public sealed class PhotoUploadTests : PhotoTest
{
    private static void AssertCleanAndRotated(byte[] jpeg, string what)
    {
        using var image = new MagickImage(jpeg);
        Assert.Multiple(() =>
        {
            Assert.That(image.Format, Is.EqualTo(MagickFormat.Jpeg), what);
            Assert.That(image.GetExifProfile(), Is.Null, $"{what}: no EXIF");
            Assert.That(System.Text.Encoding.ASCII.GetString(jpeg), Does.Not.Contain("Exif").And.Not.Contain("TestPhone"), $"{what}: no EXIF bytes");
            // Orientation 6 applied: the 200×100 picture stands 100×200 with its red half on top.
            Assert.That(image.Height, Is.GreaterThan(image.Width), $"{what}: rotated");
            var top = image.GetPixels().GetPixel((int)image.Width / 2, (int)image.Height / 5).ToColor()!;
            var bottom = image.GetPixels().GetPixel((int)image.Width / 2, (int)image.Height * 4 / 5).ToColor()!;
            Assert.That(top.R, Is.GreaterThan(200).And.GreaterThan(top.B + 100), $"{what}: red on top");
            Assert.That(bottom.B, Is.GreaterThan(200).And.GreaterThan(bottom.R + 100), $"{what}: blue below");
        });
    }

    [Test]
    public async Task APhonePhotoIsStoredInThreeSizesRotatedAndWithoutExifOrGpsAndServedSo()
    {
        var response = await UploadAsync(Resident, PhonePhoto());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var photo = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(photo["status"]!.GetValue<string>(), Is.EqualTo("checking"));
            Assert.That(photo["width"]!.GetValue<int>(), Is.EqualTo(100));
            Assert.That(photo["height"]!.GetValue<int>(), Is.EqualTo(200));
        });

        var key = await PublicKeyAsync(Id(photo));
        foreach (var size in new[] { "original", "display", "thumb" })
        {
            AssertCleanAndRotated(await File.ReadAllBytesAsync(Path.Combine(Api.PhotoFolder, key, size + ".jpg")), "stored " + size);
        }

        foreach (var url in new[] { "url", "thumbUrl" })
        {
            var served = await Anonymous.GetAsync(PathOf(photo[url]));
            Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
            Assert.That(served.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/jpeg"));
            AssertCleanAndRotated(await served.Content.ReadAsByteArrayAsync(), "served " + url);
        }

        // Nothing of the file's name or EXIF reaches the database either.
        var row = await ScalarAsync<string>("SELECT CONCAT_WS('|', public_key, width, height, status) FROM photos WHERE id = @id", new { id = Id(photo) });
        Assert.That(row, Does.Not.Contain("IMG_0001"));
    }

    [Test]
    public async Task AnIphoneHeicPhotoIsDecodedAndStoredAsJpeg()
    {
        var heic = await File.ReadAllBytesAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Photos", "red-64x48.heic"));
        var response = await UploadAsync(Resident, heic, "IMG_0002.HEIC", "image/heic");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var key = await PublicKeyAsync(Id(await ReadJsonAsync(response)));
        using var stored = new MagickImage(Path.Combine(Api.PhotoFolder, key, "display.jpg"));
        Assert.That((stored.Format, stored.Width, stored.Height), Is.EqualTo((MagickFormat.Jpeg, 64u, 48u)));
    }

    [TestCase("text", 415, "photo_unsupported_type")]
    [TestCase("truncated", 400, "photo_unreadable")]
    [TestCase("bomb", 400, "photo_dimensions")]
    [TestCase("huge", 413, "photo_too_large")]
    public async Task ABadFileIsRefusedWithAChineseProblemAndNothingIsStored(string kind, int status, string code)
    {
        var good = PhonePhoto();
        var bytes = kind switch
        {
            "text" => System.Text.Encoding.UTF8.GetBytes("这不是照片，只是改了扩展名的文本。"),
            "truncated" => good[..(good.Length / 2)],
            "bomb" => DecompressionBomb(),
            _ => good.Concat(new byte[11 * 1024 * 1024]).ToArray(),
        };
        var before = StoredFiles().Length;

        var response = await UploadAsync(Resident, bytes, "photo.jpg");

        var problem = await AssertProblemAsync(response, (HttpStatusCode)status, code);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Match("[\u4e00-\u9fa5]"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM photos"), Is.Zero);
        Assert.That(StoredFiles(), Has.Length.EqualTo(before));
    }

    [Test]
    public async Task UploadingTheSameBytesAgainGivesTheSamePhoto()
    {
        var bytes = PhonePhoto(seed: "again");
        var first = await ReadJsonAsync(await UploadAsync(Resident, bytes));
        var second = await UploadAsync(Resident, bytes);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(Id(await ReadJsonAsync(second)), Is.EqualTo(Id(first)));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM photos"), Is.EqualTo(1));
    }

    [Test]
    public async Task UploadingWithoutLoggingInIs401()
    {
        var response = await UploadAsync(Anonymous, PhonePhoto());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task UploadingFasterThanTheRateIs429WithRetryAfterInChinese()
    {
        await using var limited = Api.WithWebHostBuilder(b => b.UseSetting("Photos:UploadsPerUserPerHour", "2"));
        var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = Resident.DefaultRequestHeaders.Authorization;
        for (var i = 0; i < 2; i++)
        {
            Assert.That((await UploadAsync(client, PhonePhoto(seed: new string('x', i)))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var refused = await UploadAsync(client, PhonePhoto(seed: "third"));
        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(refused.Headers.RetryAfter, Is.Not.Null);
    }

    [Test]
    public async Task TheUploaderRemovesAnUnattachedPhotoAndItsFilesAndUrlsAreGone()
    {
        var photo = await UploadOkAsync(Resident);
        var key = await PublicKeyAsync(Id(photo));
        Assert.That((await Api.CreateClient().DeleteAsync($"/api/photos/{Id(photo)}")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var (other, _) = await LoginAsync("someone-else");
        Assert.That((await other.DeleteAsync($"/api/photos/{Id(photo)}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        Assert.That((await Resident.DeleteAsync($"/api/photos/{Id(photo)}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That(Directory.Exists(Path.Combine(Api.PhotoFolder, key)) ? Directory.GetFiles(Path.Combine(Api.PhotoFolder, key)) : [], Is.Empty);
        await AssertProblemAsync(await Anonymous.GetAsync(PathOf(photo["url"])), HttpStatusCode.NotFound, "photo_not_found");
    }

    [Test]
    public async Task AnAttachedPhotoCannotBeRemovedOnItsOwn()
    {
        var photo = await UploadOkAsync(Resident);
        await SubmitAsync(extra: new { photoIds = new[] { Id(photo) } });
        await AssertProblemAsync(await Resident.DeleteAsync($"/api/photos/{Id(photo)}"), HttpStatusCode.Conflict, "photo_attached");
    }

    [Test]
    public async Task AnImageCheckThatCannotStartLeavesThePhotoCheckingAndTheUploadStands()
    {
        Api.WeChat.FailWith = new MaShangYi.Api.Infrastructure.WeChat.WeChatException(MaShangYi.Api.Infrastructure.WeChat.WeChatFailure.RateLimited, 45009, "reach max api daily quota limit");
        try
        {
            var photo = await UploadOkAsync(Resident);
            Assert.That(await ScalarAsync<string>("SELECT status FROM photos WHERE id = @id", new { id = Id(photo) }), Is.EqualTo("checking"));
        }
        finally
        {
            Api.WeChat.FailWith = null;
        }
    }
}
