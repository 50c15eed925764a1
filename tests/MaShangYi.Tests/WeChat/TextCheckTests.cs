using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.WeChat;

public sealed class TextCheckTests : FakeWeChatTest
{
    private const string TextCheckPath = FakeWeChatServer.TextCheckPath;

    private static string Verdict(string suggest, string label) =>
        $$"""
        {"errcode":0,"errmsg":"ok","trace_id":"trace-1",
         "result":{"suggest":"{{suggest}}","label":{{label}}},
         "detail":[{"strategy":"content_model","errcode":0,"suggest":"{{suggest}}","label":{{label}},"prob":90}]}
        """;

    [Test]
    public async Task TheRequestIsVersion2WithOpenIdSceneAndContent()
    {
        Server.On(TextCheckPath, Reply.Json(Verdict("pass", "100")));
        var client = CreateClient();

        await client.CheckTextAsync(new TextCheckRequest("o-user-1", "小区路灯坏了三个月", TextCheckScene.Forum, Title: "路灯"), Ct);

        var request = Server.Requests(TextCheckPath).Single();
        Assert.That(request.AccessToken, Is.EqualTo("TOKEN-1"));
        Assert.That(request.Json.GetProperty("version").GetInt32(), Is.EqualTo(2));
        Assert.That(request.Json.GetProperty("openid").GetString(), Is.EqualTo("o-user-1"));
        Assert.That(request.Json.GetProperty("scene").GetInt32(), Is.EqualTo(3));
        Assert.That(request.Json.GetProperty("content").GetString(), Is.EqualTo("小区路灯坏了三个月"));
        Assert.That(request.Json.GetProperty("title").GetString(), Is.EqualTo("路灯"));
    }

    [TestCase("pass", ContentVerdict.Pass, 100)]
    [TestCase("review", ContentVerdict.Review, 20012)]
    [TestCase("risky", ContentVerdict.Risky, 20001)]
    public async Task TheVerdictComesFromResultSuggest(string suggest, ContentVerdict expected, int label)
    {
        Server.On(TextCheckPath, Reply.Json(Verdict(suggest, label.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var client = CreateClient();

        var result = await client.CheckTextAsync(new TextCheckRequest("o-user-1", "内容", TextCheckScene.Comment), Ct);

        Assert.That(result.Verdict, Is.EqualTo(expected));
        Assert.That(result.Label, Is.EqualTo(label));
        Assert.That(result.TraceId, Is.EqualTo("trace-1"));
    }

    [Test]
    public async Task Errcode0WithARiskySuggestIsRiskyNotAPass()
    {
        Server.On(TextCheckPath, Reply.Json(Verdict("risky", "20002")));
        var client = CreateClient();

        var result = await client.CheckTextAsync(new TextCheckRequest("o-user-1", "内容", TextCheckScene.Comment), Ct);

        Assert.That(result.Verdict, Is.EqualTo(ContentVerdict.Risky));
    }

    [Test]
    public async Task ALabelSentAsAStringIsParsed()
    {
        Server.On(TextCheckPath, Reply.Json(Verdict("risky", "\"20008\"")));
        var client = CreateClient();

        var result = await client.CheckTextAsync(new TextCheckRequest("o-user-1", "内容", TextCheckScene.Comment), Ct);

        Assert.That(result.Label, Is.EqualTo(20008));
    }

    [Test]
    public void Errcode0WithoutAResultIsAFailureNotAPass()
    {
        Server.On(TextCheckPath, Reply.Json("""{"errcode":0,"errmsg":"ok"}"""));
        var client = CreateClient();

        var ex = Fails(() => client.CheckTextAsync(new TextCheckRequest("o-user-1", "内容", TextCheckScene.Comment), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Other));
    }

    [Test]
    public void AnUnknownSuggestIsAFailureNotAPass()
    {
        Server.On(TextCheckPath, Reply.Json(Verdict("maybe", "100")));
        var client = CreateClient();

        var ex = Fails(() => client.CheckTextAsync(new TextCheckRequest("o-user-1", "内容", TextCheckScene.Comment), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Other));
    }

    [Test]
    public void AnErrcodeBecomesTheMatchingFailure()
    {
        Server.On(TextCheckPath, Reply.Json(Error(45009, "reach max api minute-quota limit")));
        var client = CreateClient();

        var ex = Fails(() => client.CheckTextAsync(new TextCheckRequest("o-user-1", "内容", TextCheckScene.Comment), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.RateLimited));
    }

    [Test]
    public void AnAnswerThatIsNotJsonIsAWeChatFailure()
    {
        Server.On(TextCheckPath, Reply.Bytes("<html>bad gateway</html>"u8.ToArray(), "text/html"));
        var client = CreateClient();

        var ex = Fails(() => client.CheckTextAsync(new TextCheckRequest("o-user-1", "内容", TextCheckScene.Comment), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Other));
    }

    [Test]
    public async Task AStaleTokenAnswerIsRenewedAndTheCheckRetriedOnce()
    {
        Server.On(FakeWeChatServer.TokenPath, Reply.Token("TOKEN-1"), Reply.Token("TOKEN-2"));
        Server.On(TextCheckPath, Reply.Json(Error(40001)), Reply.Json(Verdict("pass", "100")));
        var client = CreateClient();

        var result = await client.CheckTextAsync(new TextCheckRequest("o-user-1", "内容", TextCheckScene.Comment), Ct);

        Assert.That(result.Verdict, Is.EqualTo(ContentVerdict.Pass));
        Assert.That(Server.Requests(TextCheckPath).Select(r => r.AccessToken), Is.EqualTo(new[] { "TOKEN-1", "TOKEN-2" }));
    }
}
