using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.WeChat;

public sealed class SubscribeMessageTests : FakeWeChatTest
{
    private const string SubscribePath = FakeWeChatServer.SubscribePath;

    private static SubscribeMessage Message() => new(
        "o-user-1",
        "TEMPLATE-1",
        "pages/topic/index?id=7",
        new Dictionary<string, string> { ["thing1"] = "路灯维修已立项", ["time2"] = "2025年3月1日 08:00" });

    [Test]
    public async Task TheBodyCarriesToUserTemplatePageAndDataValues()
    {
        Server.On(SubscribePath, Reply.Json("""{"errcode":0,"errmsg":"ok","msgid":123}"""));
        var client = CreateClient();

        await client.SendSubscribeMessageAsync(Message(), Ct);

        var request = Server.Requests(SubscribePath).Single();
        Assert.That(request.AccessToken, Is.EqualTo("TOKEN-1"));
        Assert.That(request.Json.GetProperty("touser").GetString(), Is.EqualTo("o-user-1"));
        Assert.That(request.Json.GetProperty("template_id").GetString(), Is.EqualTo("TEMPLATE-1"));
        Assert.That(request.Json.GetProperty("page").GetString(), Is.EqualTo("pages/topic/index?id=7"));
        var data = request.Json.GetProperty("data");
        Assert.That(data.GetProperty("thing1").GetProperty("value").GetString(), Is.EqualTo("路灯维修已立项"));
        Assert.That(data.GetProperty("time2").GetProperty("value").GetString(), Is.EqualTo("2025年3月1日 08:00"));
        Assert.That(data.EnumerateObject().Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task AMessageWithoutAPageOmitsIt()
    {
        Server.On(SubscribePath, Reply.Json("""{"errcode":0,"errmsg":"ok"}"""));
        var client = CreateClient();

        await client.SendSubscribeMessageAsync(Message() with { Page = null, MiniProgramState = "trial" }, Ct);

        var body = Server.Requests(SubscribePath).Single().Json;
        Assert.That(body.TryGetProperty("page", out _), Is.False);
        Assert.That(body.GetProperty("miniprogram_state").GetString(), Is.EqualTo("trial"));
    }

    [TestCase(43101, WeChatFailure.SubscriptionRefused)]
    [TestCase(47003, WeChatFailure.InvalidArgument)]
    [TestCase(40037, WeChatFailure.InvalidArgument)]
    public void AnErrcodeBecomesTheMatchingFailure(int errCode, WeChatFailure expected)
    {
        Server.On(SubscribePath, Reply.Json(Error(errCode, "argument invalid! data.thing1.value invalid")));
        var client = CreateClient();

        var ex = Fails(() => client.SendSubscribeMessageAsync(Message(), Ct));

        Assert.That(ex.Failure, Is.EqualTo(expected));
        Assert.That(ex.ErrCode, Is.EqualTo(errCode));
        Assert.That(ex.ErrMsg, Does.Contain("thing1"));
    }

    [Test]
    public void ATransientHttp500IsNotRetriedBecauseARetryCouldDeliverTwice()
    {
        Server.On(SubscribePath, Reply.Status(500), Reply.Json("""{"errcode":0,"errmsg":"ok"}"""));
        var client = CreateClient();

        var ex = Fails(() => client.SendSubscribeMessageAsync(Message(), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Unreachable));
        Assert.That(Server.Requests(SubscribePath), Has.Count.EqualTo(1));
    }

    [Test]
    public void ASlowAnswerIsNotRetriedEither()
    {
        Server.On(SubscribePath, Reply.Hang());
        var client = CreateClient();

        var ex = Fails(() => client.SendSubscribeMessageAsync(Message(), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Unreachable));
        Assert.That(Server.Requests(SubscribePath), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AStaleTokenIsRenewedAndTheSendRetriedOnceSinceNothingWasDelivered()
    {
        Server.On(FakeWeChatServer.TokenPath, Reply.Token("TOKEN-1"), Reply.Token("TOKEN-2"));
        Server.On(SubscribePath, Reply.Json(Error(42001, "access_token expired")), Reply.Json("""{"errcode":0,"errmsg":"ok"}"""));
        var client = CreateClient();

        await client.SendSubscribeMessageAsync(Message(), Ct);

        Assert.That(Server.Requests(SubscribePath).Select(r => r.AccessToken), Is.EqualTo(new[] { "TOKEN-1", "TOKEN-2" }));
    }
}
