using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.WeChat;

/// <summary>media_check_async v2 through the real client against the fake WeChat.</summary>
public sealed class MediaCheckTests : FakeWeChatTest
{
    private const string MediaCheckPath = FakeWeChatServer.MediaCheckPath;

    private static MediaCheckRequest Request() =>
        new("o-user-1", "https://api.example.gov.cn/api/photos/AbCdEfGhIjKlMnOpQrStUv/original.jpg?exp=1714036504&sig=x", TextCheckScene.Forum);

    [Test]
    public async Task TheRequestIsVersion2ImageWithMediaUrlOpenIdAndScene()
    {
        Server.On(MediaCheckPath, Reply.Json("""{"errcode":0,"errmsg":"ok","trace_id":"trace-1"}"""));
        var client = CreateClient();

        await client.StartMediaCheckAsync(Request(), Ct);

        var request = Server.Requests(MediaCheckPath).Single();
        Assert.That(request.Method, Is.EqualTo("POST"));
        Assert.That(request.AccessToken, Is.EqualTo("TOKEN-1"));
        Assert.That(request.Json.GetProperty("version").GetInt32(), Is.EqualTo(2));
        Assert.That(request.Json.GetProperty("media_type").GetInt32(), Is.EqualTo(2), "2 is an image, 1 audio");
        Assert.That(request.Json.GetProperty("media_url").GetString(), Is.EqualTo(Request().MediaUrl));
        Assert.That(request.Json.GetProperty("openid").GetString(), Is.EqualTo("o-user-1"));
        Assert.That(request.Json.GetProperty("scene").GetInt32(), Is.EqualTo(3));
    }

    [TestCase("""{"errcode":0,"errmsg":"ok","trace_id":"60f96f1d-3845297a-1976a3ae"}""")]
    [TestCase("""{"errcode":0,"errmsg":"ok","traceId":"60f96f1d-3845297a-1976a3ae"}""")]
    [TestCase("""{"errmsg":"ok","trace_id":"60f96f1d-3845297a-1976a3ae"}""")]
    public async Task TheTraceIdIsReturnedWhicheverWayItIsSpelt(string answer)
    {
        Server.On(MediaCheckPath, Reply.Json(answer));
        var client = CreateClient();

        var ticket = await client.StartMediaCheckAsync(Request(), Ct);

        Assert.That(ticket.TraceId, Is.EqualTo("60f96f1d-3845297a-1976a3ae"));
    }

    [Test]
    public void AnAnswerWithoutATraceIdIsAFailureBecauseTheVerdictCouldNeverBeMatched()
    {
        Server.On(MediaCheckPath, Reply.Json("""{"errcode":0,"errmsg":"ok"}"""));
        var client = CreateClient();

        var ex = Fails(() => client.StartMediaCheckAsync(Request(), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Other));
    }

    [TestCase(45009, WeChatFailure.RateLimited)]
    [TestCase(40003, WeChatFailure.InvalidArgument)]
    [TestCase(-1, WeChatFailure.Busy)]
    [TestCase(61010, WeChatFailure.Other)]
    public void AnErrcodeBecomesTheMatchingFailure(int errCode, WeChatFailure expected)
    {
        Server.On(MediaCheckPath, Reply.Json(Error(errCode)));
        var client = CreateClient();

        var ex = Fails(() => client.StartMediaCheckAsync(Request(), Ct));

        Assert.That(ex.Failure, Is.EqualTo(expected));
        Assert.That(ex.ErrCode, Is.EqualTo(errCode));
    }

    [Test]
    public void AnAnswerThatIsNotJsonIsAWeChatFailure()
    {
        Server.On(MediaCheckPath, Reply.Bytes("<html>bad gateway</html>"u8.ToArray(), "text/html"));
        var client = CreateClient();

        var ex = Fails(() => client.StartMediaCheckAsync(Request(), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Other));
    }

    [Test]
    public async Task AStaleTokenAnswerIsRenewedAndTheCheckStartedOnce()
    {
        Server.On(FakeWeChatServer.TokenPath, Reply.Token("TOKEN-1"), Reply.Token("TOKEN-2"));
        Server.On(MediaCheckPath, Reply.Json(Error(42001)), Reply.Json("""{"errcode":0,"errmsg":"ok","trace_id":"trace-2"}"""));
        var client = CreateClient();

        var ticket = await client.StartMediaCheckAsync(Request(), Ct);

        Assert.That(ticket.TraceId, Is.EqualTo("trace-2"));
        Assert.That(Server.Requests(MediaCheckPath).Select(r => r.AccessToken), Is.EqualTo(new[] { "TOKEN-1", "TOKEN-2" }));
    }

    [Test]
    public void WeChatDownIsUnreachable()
    {
        Server.On(MediaCheckPath, Reply.Status(503));
        var client = CreateClient();

        var ex = Fails(() => client.StartMediaCheckAsync(Request(), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Unreachable));
    }
}
