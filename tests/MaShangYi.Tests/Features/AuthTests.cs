using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Features;

public sealed class AuthTests : ApiTest
{
    [Test]
    public async Task AFirstLoginCreatesTheUserAndTheSameCodeLaterFindsTheSameUser()
    {
        var first = await ReadJsonAsync(await Anonymous.PostAsJsonAsync("/api/auth/login", new { code = "resident-a" }));
        var again = await ReadJsonAsync(await Anonymous.PostAsJsonAsync("/api/auth/login", new { code = "resident-a" }));

        Assert.That(first["isNewUser"]!.GetValue<bool>(), Is.True);
        Assert.That(again["isNewUser"]!.GetValue<bool>(), Is.False);
        Assert.That(again["userId"]!.GetValue<long>(), Is.EqualTo(first["userId"]!.GetValue<long>()));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM users"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<string>("SELECT openid FROM users"), Is.EqualTo(SimulatedWeChatClient.OpenIdFor("resident-a")));
    }

    /// <summary>
    /// A room's residents scan its code at a meeting and log in for the first time together. Under repeatable read each
    /// lookup of an unknown openid took a gap lock, the inserts then waited on each other's gaps, and all but one were a
    /// deadlock answered 503.
    /// </summary>
    [Test]
    public async Task ManyFirstLoginsAtOnceAllSucceedAndOnePersonsTwoTapsMakeOneUser()
    {
        var codes = Enumerable.Range(1, 10).Select(n => $"meeting-{n}").Concat(["meeting-1", "meeting-1"]).ToList();

        var responses = await Task.WhenAll(codes.Select(code => Anonymous.PostAsJsonAsync("/api/auth/login", new { code })));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK),
            string.Join("\n", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))));
        var users = (await Task.WhenAll(responses.Select(ReadJsonAsync))).Select(b => b["userId"]!.GetValue<long>()).ToList();
        Assert.That(users.Distinct().Count(), Is.EqualTo(10));
        Assert.That(users.Where((_, i) => codes[i] == "meeting-1").Distinct().Count(), Is.EqualTo(1), "one person's taps are one user");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM users"), Is.EqualTo(10));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM refresh_tokens"), Is.EqualTo(12), "every login has its session");
    }

    [Test]
    public async Task TheLoginResponseCarriesOurOwnTokensAndNeverWeChatsSessionKeyOrOpenId()
    {
        var response = await Anonymous.PostAsJsonAsync("/api/auth/login", new { code = "resident-a" });
        var text = await response.Content.ReadAsStringAsync();
        var body = await ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["accessToken"]!.GetValue<string>().Split('.'), Has.Length.EqualTo(3), "a JWT");
        Assert.That(body["expiresIn"]!.GetValue<int>(), Is.EqualTo(30 * 60));
        Assert.That(body["refreshToken"]!.GetValue<string>(), Has.Length.GreaterThanOrEqualTo(40));
        Assert.That(text, Does.Not.Contain("session").IgnoreCase.And.Not.Contain(SimulatedWeChatClient.OpenIdFor("resident-a")));
    }

    [TestCase(WeChatFailure.InvalidCode, 40029, HttpStatusCode.Unauthorized, "wechat_code_invalid")]
    [TestCase(WeChatFailure.RateLimited, 45011, HttpStatusCode.TooManyRequests, "wechat_rate_limited")]
    [TestCase(WeChatFailure.Busy, -1, HttpStatusCode.ServiceUnavailable, "wechat_unavailable")]
    [TestCase(WeChatFailure.Unreachable, -2, HttpStatusCode.ServiceUnavailable, "wechat_unavailable")]
    [TestCase(WeChatFailure.HighRiskUser, 40226, HttpStatusCode.Forbidden, "wechat_user_blocked")]
    [TestCase(WeChatFailure.Other, 40013, HttpStatusCode.BadGateway, "wechat_error")]
    public async Task EachWeChatLoginFailureHasItsOwnClearResponseAndCreatesNoUser(WeChatFailure failure, int errCode, HttpStatusCode status, string code)
    {
        Api.WeChat.FailWith = new WeChatException(failure, errCode, "from WeChat");

        var response = await Anonymous.PostAsJsonAsync("/api/auth/login", new { code = "resident-a" });

        await AssertProblemAsync(response, status, code);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM users"), Is.Zero);
    }

    [Test]
    public async Task BusyAndRateLimitedAnswersTellTheMiniProgramWhenToRetry()
    {
        Api.WeChat.FailWith = new WeChatException(WeChatFailure.Busy, -1, "busy");
        var busyResponse = await Anonymous.PostAsJsonAsync("/api/auth/login", new { code = "x" });
        var busy = await ReadJsonAsync(busyResponse);
        Api.WeChat.FailWith = new WeChatException(WeChatFailure.RateLimited, 45011, "limit");
        var limitedResponse = await Anonymous.PostAsJsonAsync("/api/auth/login", new { code = "x" });
        var limited = await ReadJsonAsync(limitedResponse);

        Assert.That(busy["retryAfterSeconds"]!.GetValue<int>(), Is.GreaterThan(0));
        Assert.That(busyResponse.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(busy["retryAfterSeconds"]!.GetValue<int>())));
        Assert.That(limited["retryAfterSeconds"]!.GetValue<int>(), Is.EqualTo(60));
        Assert.That(limitedResponse.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [Test]
    public async Task TheSimulatedReservedCodesReproduceWeChatsLoginErrors()
    {
        await AssertProblemAsync(await Anonymous.PostAsJsonAsync("/api/auth/login", new { code = SimulatedWeChatClient.InvalidCode }), HttpStatusCode.Unauthorized, "wechat_code_invalid");
        await AssertProblemAsync(await Anonymous.PostAsJsonAsync("/api/auth/login", new { code = SimulatedWeChatClient.BusyCode }), HttpStatusCode.ServiceUnavailable, "wechat_unavailable");
    }

    [TestCase("")]
    [TestCase("   ")]
    public async Task ALoginWithoutACodeIs400WithAFieldError(string code)
    {
        var response = await Anonymous.PostAsJsonAsync("/api/auth/login", new { code });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["code"], Is.Not.Null);
        Assert.That(Api.WeChat.CallsTo(nameof(IWeChatClient.Code2SessionAsync)), Is.Zero);
    }

    [Test]
    public async Task MeShowsTheUserWithTheirRoleGrantsAndScopes()
    {
        await SeedDemoCityAsync();
        var client = await LoginWithRoleAsync("reviewer-a", Roles.Reviewer, "320812001");

        var me = await ReadJsonAsync(await client.GetAsync("/api/me"));

        var grant = me["grants"]!.AsArray().Single()!;
        Assert.That(grant["role"]!.GetValue<string>(), Is.EqualTo("reviewer"));
        Assert.That(grant["roleName"]!.GetValue<string>(), Is.EqualTo("审核人员"));
        Assert.That(grant["regionCode"]!.GetValue<string>(), Is.EqualTo("320812001"));
        Assert.That(grant["regionName"]!.GetValue<string>(), Is.EqualTo("长西街道"));
        Assert.That(grant["regionLevel"]!.GetValue<int>(), Is.EqualTo(3));
    }

    [Test]
    public async Task MeWithoutATokenIs401ProblemDetails()
    {
        await AssertProblemAsync(await Anonymous.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthenticated");

        var forged = Api.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl");
        await AssertProblemAsync(await forged.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Test]
    public async Task AnExpiredAccessTokenIs401TokenExpiredAndTheRefreshTokenRenewsIt()
    {
        var login = await ReadJsonAsync(await Anonymous.PostAsJsonAsync("/api/auth/login", new { code = "resident-a" }));
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["accessToken"]!.GetValue<string>());
        Api.Clock.Advance(TimeSpan.FromMinutes(31));
        await AssertProblemAsync(await client.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "token_expired");

        var renewed = await ReadJsonAsync(await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login["refreshToken"]!.GetValue<string>() }));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", renewed["accessToken"]!.GetValue<string>());

        Assert.That((await client.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(renewed["userId"]!.GetValue<long>(), Is.EqualTo(login["userId"]!.GetValue<long>()));
    }

    [Test]
    public async Task ARefreshTokenWorksOnceAndReusingItEndsEverySessionOfThatUser()
    {
        var login = await ReadJsonAsync(await Anonymous.PostAsJsonAsync("/api/auth/login", new { code = "resident-a" }));
        var original = login["refreshToken"]!.GetValue<string>();
        var rotated = await ReadJsonAsync(await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = original }));

        var replay = await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = original });
        var afterTheft = await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = rotated["refreshToken"]!.GetValue<string>() });

        await AssertProblemAsync(replay, HttpStatusCode.Unauthorized, "refresh_token_invalid");
        await AssertProblemAsync(afterTheft, HttpStatusCode.Unauthorized, "refresh_token_invalid");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM refresh_tokens WHERE revoked_at IS NULL"), Is.Zero);
    }

    [Test]
    public async Task AnExpiredOrUnknownRefreshTokenIs401()
    {
        var login = await ReadJsonAsync(await Anonymous.PostAsJsonAsync("/api/auth/login", new { code = "resident-a" }));
        await AssertProblemAsync(await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-token" }), HttpStatusCode.Unauthorized, "refresh_token_invalid");

        Api.Clock.Advance(TimeSpan.FromDays(31));
        await AssertProblemAsync(
            await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login["refreshToken"]!.GetValue<string>() }),
            HttpStatusCode.Unauthorized,
            "refresh_token_invalid");
    }

    [Test]
    public async Task LoggingOutRevokesTheRefreshToken()
    {
        var login = await ReadJsonAsync(await Anonymous.PostAsJsonAsync("/api/auth/login", new { code = "resident-a" }));
        var refreshToken = login["refreshToken"]!.GetValue<string>();

        Assert.That((await Anonymous.PostAsJsonAsync("/api/auth/logout", new { refreshToken })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await AssertProblemAsync(await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }), HttpStatusCode.Unauthorized, "refresh_token_invalid");
    }
}
