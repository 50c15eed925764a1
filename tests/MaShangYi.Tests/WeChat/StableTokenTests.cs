using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.Extensions.Time.Testing;

namespace MaShangYi.Tests.WeChat;

public sealed class StableTokenTests : FakeWeChatTest
{
    private const string TokenPath = FakeWeChatServer.TokenPath;
    private const string CodePath = FakeWeChatServer.CodePath;

    [Test]
    public async Task TheTokenRequestIsAStableTokenInNormalModeWithTheAppCredentials()
    {
        Server.On(CodePath, Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        var request = Server.Requests(TokenPath).Single();
        Assert.That(request.Method, Is.EqualTo("POST"));
        Assert.That(request.Json.GetProperty("grant_type").GetString(), Is.EqualTo("client_credential"));
        Assert.That(request.Json.GetProperty("appid").GetString(), Is.EqualTo(AppId));
        Assert.That(request.Json.GetProperty("secret").GetString(), Is.EqualTo(AppSecret));
        Assert.That(request.Json.GetProperty("force_refresh").GetBoolean(), Is.False);
        Assert.That(Server.Requests(CodePath).Single().AccessToken, Is.EqualTo("TOKEN-1"));
    }

    [Test]
    public async Task TwoCallsShareOneCachedToken()
    {
        Server.On(CodePath, Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);
        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        Assert.That(Server.Requests(TokenPath), Has.Count.EqualTo(1));
        Assert.That(Server.Requests(CodePath).Select(r => r.AccessToken), Is.EqualTo(new[] { "TOKEN-1", "TOKEN-1" }));
    }

    [Test]
    public async Task ConcurrentCallersWaitForOneTokenRequest()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.On(TokenPath, Reply.After(release.Task, Reply.Token("TOKEN-1")));
        Server.On(CodePath, Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        // Started back to back: every caller is inside the token provider before the first token arrives.
        var calls = Enumerable.Range(0, 8).Select(_ => client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct)).ToList();
        release.SetResult();
        await Task.WhenAll(calls);

        Assert.That(Server.Requests(TokenPath), Has.Count.EqualTo(1));
        Assert.That(Server.Requests(CodePath).Select(r => r.AccessToken), Is.EqualTo(Enumerable.Repeat("TOKEN-1", 8)));
    }

    [Test]
    public async Task TheTokenIsRefreshedFiveMinutesBeforeItExpires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(8)));
        Server.On(TokenPath, Reply.Token("TOKEN-1", expiresIn: 7200), Reply.Token("TOKEN-2", expiresIn: 7200));
        Server.On(CodePath, Reply.Bytes(Png, "image/png"));
        var client = CreateClient(clock);

        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);
        clock.Advance(TimeSpan.FromSeconds(7200) - TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);
        Assert.That(Server.Requests(TokenPath), Has.Count.EqualTo(1), "still inside the token's lifetime minus five minutes");

        clock.Advance(TimeSpan.FromSeconds(2));
        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        Assert.That(Server.Requests(TokenPath), Has.Count.EqualTo(2));
        Assert.That(Server.Requests(TokenPath).Select(r => r.Json.GetProperty("force_refresh").GetBoolean()), Is.All.False);
        Assert.That(Server.Requests(CodePath).Select(r => r.AccessToken), Is.EqualTo(new[] { "TOKEN-1", "TOKEN-1", "TOKEN-2" }));
    }

    [Test]
    public async Task AShortLivedTokenIsRefreshedByItsOwnExpiresIn()
    {
        var clock = new FakeTimeProvider();
        Server.On(TokenPath, Reply.Token("TOKEN-1", expiresIn: 600), Reply.Token("TOKEN-2", expiresIn: 7200));
        Server.On(CodePath, Reply.Bytes(Png, "image/png"));
        var client = CreateClient(clock);

        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);
        clock.Advance(TimeSpan.FromSeconds(301));
        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        Assert.That(Server.Requests(CodePath).Select(r => r.AccessToken), Is.EqualTo(new[] { "TOKEN-1", "TOKEN-2" }));
    }

    [TestCase(40001)]
    [TestCase(42001)]
    [TestCase(40014)]
    public async Task AStaleTokenAnswerRenewsTheTokenAndRetriesTheCallOnce(int staleCode)
    {
        Server.On(TokenPath, Reply.Token("TOKEN-1"), Reply.Token("TOKEN-2"));
        Server.On(CodePath, Reply.Json(Error(staleCode, "invalid credential")), Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        var image = await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        Assert.That(image.Bytes, Is.EqualTo(Png));
        Assert.That(Server.Requests(CodePath).Select(r => r.AccessToken), Is.EqualTo(new[] { "TOKEN-1", "TOKEN-2" }));
        Assert.That(Server.Requests(TokenPath).Select(r => r.Json.GetProperty("force_refresh").GetBoolean()), Is.EqualTo(new[] { false, false }));
    }

    [Test]
    public async Task WhenWeChatHandsBackTheSameStaleTokenTheRenewalForcesARefresh()
    {
        Server.On(TokenPath, Reply.Token("TOKEN-1"), Reply.Token("TOKEN-1"), Reply.Token("TOKEN-2"));
        Server.On(CodePath, Reply.Json(Error(40001)), Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        Assert.That(Server.Requests(TokenPath).Select(r => r.Json.GetProperty("force_refresh").GetBoolean()), Is.EqualTo(new[] { false, false, true }));
        Assert.That(Server.Requests(CodePath).Select(r => r.AccessToken), Is.EqualTo(new[] { "TOKEN-1", "TOKEN-2" }));
    }

    [Test]
    public async Task TheRenewedTokenIsKeptForLaterCalls()
    {
        Server.On(TokenPath, Reply.Token("TOKEN-1"), Reply.Token("TOKEN-2"));
        Server.On(CodePath, Reply.Json(Error(42001)), Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);
        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        Assert.That(Server.Requests(TokenPath), Has.Count.EqualTo(2));
        Assert.That(Server.Requests(CodePath).Select(r => r.AccessToken), Is.EqualTo(new[] { "TOKEN-1", "TOKEN-2", "TOKEN-2" }));
    }

    [Test]
    public async Task CallersRejectedTogetherShareOneRenewal()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.On(TokenPath, Reply.After(release.Task, Reply.Token("TOKEN-1")), Reply.Token("TOKEN-2"), Reply.Token("TOKEN-3"));
        Server.On(CodePath, Reply.Choose(request => request.Query["access_token"] == "TOKEN-1" ? Reply.Json(Error(40001)) : Reply.Bytes(Png, "image/png")));
        var client = CreateClient();

        var calls = Enumerable.Range(0, 4).Select(_ => client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct)).ToList();
        release.SetResult();
        await Task.WhenAll(calls);

        Assert.That(Server.Requests(TokenPath), Has.Count.EqualTo(2), "the first renewal serves everyone rejected with the same token");
        Assert.That(Server.Requests(CodePath).Count(r => r.AccessToken == "TOKEN-2"), Is.EqualTo(4));
    }

    [Test]
    public void ASecondStaleAnswerSurfacesAsAnExceptionInsteadOfLooping()
    {
        Server.On(TokenPath, Reply.Token("TOKEN-1"), Reply.Token("TOKEN-2"));
        Server.On(CodePath, Reply.Json(Error(40001, "invalid credential, access_token is invalid or not latest")));
        var client = CreateClient();

        var ex = Fails(() => client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct));

        Assert.That(ex.ErrCode, Is.EqualTo(40001));
        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Credentials));
        Assert.That(Server.Requests(CodePath), Has.Count.EqualTo(2));
        Assert.That(Server.Requests(TokenPath), Has.Count.EqualTo(2));
    }

    [Test]
    public void WrongCredentialsAtStableTokenAreACredentialsFailure()
    {
        Server.On(TokenPath, Reply.Json(Error(40013, "invalid appid")));
        Server.On(CodePath, Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        var ex = Fails(() => client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct));

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Credentials));
        Assert.That(ex.ErrCode, Is.EqualTo(40013));
        Assert.That(Server.Requests(CodePath), Is.Empty);
    }

    [Test]
    public async Task ATransientHttp500AtStableTokenIsRetriedWithTheSameBody()
    {
        Server.On(TokenPath, Reply.Status(500), Reply.Token("TOKEN-1"));
        Server.On(CodePath, Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        var requests = Server.Requests(TokenPath);
        Assert.That(requests, Has.Count.EqualTo(2));
        Assert.That(requests[1].Json.GetProperty("appid").GetString(), Is.EqualTo(AppId));
        Assert.That(Server.Requests(CodePath).Single().AccessToken, Is.EqualTo("TOKEN-1"));
    }

    [Test]
    public async Task AFailedTokenRequestIsNotCachedSoTheNextCallTriesAgain()
    {
        Server.On(TokenPath, Reply.Json(Error(-1, "system error")), Reply.Token("TOKEN-1"));
        Server.On(CodePath, Reply.Bytes(Png, "image/png"));
        var client = CreateClient();

        var ex = Fails(() => client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct));
        var image = await client.GetUnlimitedWxaCodeAsync(CodeRequest(), Ct);

        Assert.That(ex.Failure, Is.EqualTo(WeChatFailure.Busy));
        Assert.That(image.Bytes, Is.EqualTo(Png));
        Assert.That(Server.Requests(CodePath).Single().AccessToken, Is.EqualTo("TOKEN-1"));
    }
}
