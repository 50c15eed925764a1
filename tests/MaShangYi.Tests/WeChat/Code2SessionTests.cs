using System.Text.Json;
using MaShangYi.Api.Infrastructure.WeChat;
using Polly.Timeout;

namespace MaShangYi.Tests.WeChat;

public sealed class Code2SessionTests : FakeWeChatTest
{
    private const string LoginPath = FakeWeChatServer.LoginPath;

    [Test]
    public async Task ASuccessWithoutAnErrcodeFieldGivesTheOpenIdAndUnionIdAndNeverTheSessionKey()
    {
        // WeChat answers code2Session as text/plain and leaves errcode out on success.
        Server.On(LoginPath, Reply.Json("""{"session_key":"SECRET-SESSION-KEY","openid":"o-user-1","unionid":"u-user-1"}""", contentType: "text/plain"));
        var client = CreateClient();

        var session = await client.Code2SessionAsync("code-from-wx-login", Ct);

        Assert.That(session.OpenId, Is.EqualTo("o-user-1"));
        Assert.That(session.UnionId, Is.EqualTo("u-user-1"));
        Assert.That(JsonSerializer.Serialize(session), Does.Not.Contain("SECRET-SESSION-KEY"));
        Assert.That(session.ToString(), Does.Not.Contain("SECRET-SESSION-KEY"));
        Assert.That(typeof(WeChatSession).GetProperties().Select(p => p.Name), Is.EquivalentTo(new[] { "OpenId", "UnionId" }));
    }

    [Test]
    public async Task TheLoginRequestCarriesAppIdSecretCodeAndGrantType()
    {
        Server.On(LoginPath, Reply.Json("""{"session_key":"k","openid":"o-user-1"}"""));
        var client = CreateClient();

        var session = await client.Code2SessionAsync("code/with+odd=chars", Ct);

        Assert.That(session.UnionId, Is.Null);
        var request = Server.Requests(LoginPath).Single();
        Assert.That(request.Method, Is.EqualTo("GET"));
        Assert.That(request.Query["appid"], Is.EqualTo(AppId));
        Assert.That(request.Query["secret"], Is.EqualTo(AppSecret));
        Assert.That(request.Query["js_code"], Is.EqualTo("code/with+odd=chars"));
        Assert.That(request.Query["grant_type"], Is.EqualTo("authorization_code"));
        Assert.That(Server.Requests(FakeWeChatServer.TokenPath), Is.Empty, "code2Session needs no access token");
    }

    [TestCase(-1, WeChatFailure.Busy)]
    [TestCase(40029, WeChatFailure.InvalidCode)]
    [TestCase(45011, WeChatFailure.RateLimited)]
    [TestCase(40226, WeChatFailure.HighRiskUser)]
    public void AnErrcodeBecomesTheMatchingFailureAndIsNotRetried(int errCode, WeChatFailure expected)
    {
        Server.On(LoginPath, Reply.Json(Error(errCode), contentType: "text/plain"), Reply.Json("""{"session_key":"k","openid":"o-late"}"""));
        var client = CreateClient();

        var ex = Fails(() => client.Code2SessionAsync("code-1", Ct));

        Assert.That(ex.Failure, Is.EqualTo(expected));
        Assert.That(ex.ErrCode, Is.EqualTo(errCode));
        Assert.That(Server.Requests(LoginPath), Has.Count.EqualTo(1), "a login code is single-use; an errcode answer is final");
    }

    [Test]
    public void AnAnswerWithNeitherOpenIdNorErrcodeIsAFailureNotAnEmptyUser()
    {
        Server.On(LoginPath, Reply.Json("""{"session_key":"k"}"""));
        var client = CreateClient();

        var ex = Fails(() => client.Code2SessionAsync("code-1", Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Other));
    }

    [Test]
    public void APersistentHttp500IsUnreachableAfterTheRetriesRunOut()
    {
        Server.On(LoginPath, Reply.Status(500));
        var client = CreateClient();

        var ex = Fails(() => client.Code2SessionAsync("code-1", Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Unreachable));
        Assert.That(Server.Requests(LoginPath), Has.Count.EqualTo(3), "one attempt and two retries");
    }

    [Test]
    public async Task ATransientHttp500FollowedBySuccessIsRetriedAndSucceeds()
    {
        Server.On(LoginPath, Reply.Status(500), Reply.Json("""{"session_key":"k","openid":"o-user-1"}"""));
        var client = CreateClient();

        var session = await client.Code2SessionAsync("code-1", Ct);

        Assert.That(session.OpenId, Is.EqualTo("o-user-1"));
        Assert.That(Server.Requests(LoginPath), Has.Count.EqualTo(2));
    }

    [Test]
    public void ARefusedConnectionIsUnreachable()
    {
        var client = CreateClient(baseUrl: RefusingUrl());

        var ex = Fails(() => client.Code2SessionAsync("code-1", Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Unreachable));
        Assert.That(ex.InnerException, Is.InstanceOf<HttpRequestException>());
    }

    [Test]
    public void AnAnswerSlowerThanTheTimeoutIsUnreachableWithinTheTotalBudget()
    {
        Server.On(LoginPath, Reply.Hang());
        var client = CreateClient();
        var started = TimeProvider.System.GetTimestamp();

        var ex = Fails(() => client.Code2SessionAsync("code-1", Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Unreachable));
        Assert.That(ex.InnerException, Is.InstanceOf<TimeoutRejectedException>());
        Assert.That(Server.Requests(LoginPath), Has.Count.GreaterThanOrEqualTo(2), "each attempt times out after 1 s and is retried");
        Assert.That(TimeProvider.System.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(10)), "the 3 s total budget ends the call");
        Assert.That(Ct.IsCancellationRequested, Is.False);
    }

    [Test]
    public void TheCallerCancellingIsACancellationNotAnOutage()
    {
        Server.On(LoginPath, Reply.Hang());
        var client = CreateClient();
        using var caller = new CancellationTokenSource();
        var call = client.Code2SessionAsync("code-1", caller.Token);

        caller.Cancel();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
    }
}
