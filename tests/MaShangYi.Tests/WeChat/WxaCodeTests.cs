using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.WeChat;

public sealed class WxaCodeTests : FakeWeChatTest
{
    private const string CodePath = FakeWeChatServer.CodePath;

    [Test]
    public async Task APngAnswerIsReturnedAsThePngBytes()
    {
        Server.On(CodePath, Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        var image = await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        Assert.That(image.ContentType, Is.EqualTo("image/png"));
        Assert.That(image.Bytes, Is.EqualTo(Png));
        Assert.That(image.Bytes[..4], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
    }

    [Test]
    public async Task AJpegAnswerIsReturnedAsTheJpegBytes()
    {
        Server.On(CodePath, Reply.Bytes(Jpeg, "image/jpeg"));
        var client = CreateClient();

        var image = await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        Assert.That(image.ContentType, Is.EqualTo("image/jpeg"));
        Assert.That(image.Bytes, Is.EqualTo(Jpeg));
        Assert.That(image.Bytes[..2], Is.EqualTo(new byte[] { 0xFF, 0xD8 }));
    }

    [Test]
    public async Task TheRequestCarriesScenePageCheckPathEnvVersionAndWidth()
    {
        Server.On(CodePath, Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        await client.GetUnlimitedWxaCodeAsync(new WxaCodeRequest("r=ABC123", "pages/room/index", "trial", Width: 280, CheckPath: false), Ct);

        var request = Server.Requests(CodePath).Single();
        Assert.That(request.Method, Is.EqualTo("POST"));
        Assert.That(request.AccessToken, Is.EqualTo("TOKEN-1"));
        Assert.That(request.Json.GetProperty("scene").GetString(), Is.EqualTo("r=ABC123"));
        Assert.That(request.Json.GetProperty("page").GetString(), Is.EqualTo("pages/room/index"));
        Assert.That(request.Json.GetProperty("check_path").GetBoolean(), Is.False);
        Assert.That(request.Json.GetProperty("env_version").GetString(), Is.EqualTo("trial"));
        Assert.That(request.Json.GetProperty("width").GetInt32(), Is.EqualTo(280));
    }

    [Test]
    public async Task CheckPathDefaultsToTrueAndWidthTo430()
    {
        Server.On(CodePath, Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        await client.GetUnlimitedWxaCodeAsync(new WxaCodeRequest("r=ABC123", "pages/room/index", "release"), Ct);

        var body = Server.Requests(CodePath).Single().Json;
        Assert.That(body.GetProperty("check_path").GetBoolean(), Is.True);
        Assert.That(body.GetProperty("width").GetInt32(), Is.EqualTo(430));
    }

    [TestCase(45009, WeChatFailure.RateLimited)]
    [TestCase(41030, WeChatFailure.InvalidArgument)]
    [TestCase(45063, WeChatFailure.Credentials)]
    public void AJsonErrorBodyBecomesTheMatchingFailure(int errCode, WeChatFailure expected)
    {
        Server.On(CodePath, Reply.Json(Error(errCode, "some wechat error")));
        var client = CreateClient();

        var ex = Fails(() => client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct));

        Assert.That(ex.Failure, Is.EqualTo(expected));
        Assert.That(ex.ErrCode, Is.EqualTo(errCode));
        Assert.That(ex.ErrMsg, Is.EqualTo("some wechat error"));
        Assert.That(Server.Requests(CodePath), Has.Count.EqualTo(1));
    }

    [Test]
    public void JsonBytesLabelledImagePngAreAnErrorNotAnImage()
    {
        Server.On(CodePath, Reply.Json(Error(45009, "reach max api minute-quota limit"), contentType: "image/png"));
        var client = CreateClient();

        var ex = Fails(() => client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.RateLimited));
        Assert.That(ex.ErrCode, Is.EqualTo(45009));
    }

    [Test]
    public void BytesThatAreNeitherAnImageNorJsonAreAnError()
    {
        Server.On(CodePath, Reply.Bytes("GIF89a-not-what-wechat-sends"u8.ToArray(), "image/gif"));
        var client = CreateClient();

        var ex = Fails(() => client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Other));
    }

    [Test]
    public void PngBytesWithAJsonContentTypeAreNotTakenForAnImage()
    {
        Server.On(CodePath, Reply.Bytes(Png, "application/json"));
        var client = CreateClient();

        var ex = Fails(() => client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Other));
    }

    [Test]
    public async Task ATransientHttp500IsRetriedWithTheSameBody()
    {
        Server.On(CodePath, Reply.Status(503), Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        var image = await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        Assert.That(image.Bytes, Is.EqualTo(Png));
        var requests = Server.Requests(CodePath);
        Assert.That(requests, Has.Count.EqualTo(2));
        Assert.That(requests[1].Body, Is.EqualTo(requests[0].Body).And.Contains("r=ABC123"));
    }
}
