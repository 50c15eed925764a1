using System.Net;
using System.Net.Http.Json;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MaShangYi.Tests.WebConsole;

public sealed class ConsoleSessionTests : ConsoleTest
{
    private static object Invitation(long regionId) => new { role = "reviewer", regionId };

    [Test]
    public async Task TheSessionNamesTheUserTheirGrantsAndTheCsrfToken()
    {
        await SeedDemoCityAsync();
        var (browser, csrf) = await ConsoleLoginAsync("city-admin");

        var session = await ReadJsonAsync(await browser.GetAsync("/api/console/session"));

        Assert.That(session["csrfToken"]!.GetValue<string>(), Is.EqualTo(csrf));
        Assert.That(session["user"]!["id"]!.GetValue<long>(), Is.GreaterThan(0));
        var grant = session["grants"]!.AsArray().Single()!;
        Assert.That((grant["role"]!.GetValue<string>(), grant["roleName"]!.GetValue<string>(), grant["regionName"]!.GetValue<string>(), grant["regionCode"]!.GetValue<string>()),
            Is.EqualTo(("region_admin", "区域管理员", "淮安市", "320800")));
    }

    [Test]
    public async Task WithoutAConsoleSessionTheSessionIs401NotLoggedInEvenWithABearerToken()
    {
        await SeedDemoCityAsync();
        var (bearer, _) = await LoginAsync("city-admin");

        await AssertProblemAsync(await Anonymous.GetAsync("/api/console/session"), HttpStatusCode.Unauthorized, "not_logged_in");
        await AssertProblemAsync(await bearer.GetAsync("/api/console/session"), HttpStatusCode.Unauthorized, "not_logged_in");
    }

    [Test]
    public async Task ACookieRequestThatChangesStateWithoutTheRightCsrfHeaderIs403AndWritesNothing()
    {
        await SeedDemoCityAsync();
        var (browser, csrf) = await ConsoleLoginAsync("city-admin");
        var town = await RegionIdAsync("320812001");
        var grantId = await ScalarAsync<long>("SELECT id FROM role_grants LIMIT 1");
        var before = await SnapshotAsync();

        var missing = await SendAsync(browser, HttpMethod.Post, "/api/invitations", null, Invitation(town));
        var wrong = await SendAsync(browser, HttpMethod.Post, "/api/invitations", csrf + "x", Invitation(town));
        var delete = await SendAsync(browser, HttpMethod.Delete, $"/api/grants/{grantId}", null);

        await AssertProblemAsync(missing, HttpStatusCode.Forbidden, "csrf_failed");
        await AssertProblemAsync(wrong, HttpStatusCode.Forbidden, "csrf_failed");
        await AssertProblemAsync(delete, HttpStatusCode.Forbidden, "csrf_failed");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM invitations"), Is.Zero);

        var right = await SendAsync(browser, HttpMethod.Post, "/api/invitations", csrf, Invitation(town));
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Created), await right.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task ReadsNeedNoCsrfHeaderAndBearerRequestsNeverDo()
    {
        var admin = await SeedDemoCityAsync();
        var (browser, _) = await ConsoleLoginAsync("city-admin");
        var town = await RegionIdAsync("320812001");

        var read = await browser.GetAsync($"/api/grants?regionId={town}");
        var bearerWrite = await admin.PostAsJsonAsync("/api/invitations", Invitation(town));

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(bearerWrite.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task TheSessionEndsAfterThirtyIdleMinutes()
    {
        await SeedDemoCityAsync();
        var (browser, _) = await ConsoleLoginAsync("city-admin");
        Api.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.That((await browser.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Api.Clock.Advance(TimeSpan.FromMinutes(31));

        await AssertProblemAsync(await browser.GetAsync("/api/console/session"), HttpStatusCode.Unauthorized, "not_logged_in");
        await AssertProblemAsync(await browser.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Test]
    public async Task UseKeepsTheSessionAliveButNotBeyondTwelveHours()
    {
        await SeedDemoCityAsync();
        var (browser, _) = await ConsoleLoginAsync("city-admin");

        for (var minutes = 25; minutes < 12 * 60; minutes += 25)
        {
            Api.Clock.Advance(TimeSpan.FromMinutes(25));
            Assert.That((await browser.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"after {minutes} minutes of use");
        }

        Api.Clock.Advance(TimeSpan.FromMinutes(25));
        await AssertProblemAsync(await browser.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Test]
    public async Task LoggingOutEndsTheSessionOnTheServerNotOnlyInTheBrowser()
    {
        await SeedDemoCityAsync();
        var (phone, _) = await LoginAsync("city-admin");
        var browser = Browser();
        var ticket = await StartLoginAsync(browser);
        await ConfirmAsync(phone, ticket);
        var cookie = SetCookie(await PollAsync(browser, ticket), "msy_console").Split(';')[0];
        var csrf = (await ReadJsonAsync(await browser.GetAsync("/api/console/session")))["csrfToken"]!.GetValue<string>();

        await AssertProblemAsync(await SendAsync(browser, HttpMethod.Post, "/api/console/logout", null), HttpStatusCode.Forbidden, "csrf_failed");
        var logout = await SendAsync(browser, HttpMethod.Post, "/api/console/logout", csrf);

        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(SetCookie(logout, "msy_console"), Does.Contain("expires=Thu, 01 Jan 1970"));
        var replayed = Api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        replayed.DefaultRequestHeaders.Add("Cookie", cookie);
        await AssertProblemAsync(await replayed.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM console_sessions WHERE ended_at IS NOT NULL"), Is.EqualTo(1));
    }

    [Test]
    public async Task RegionAdminsSeeWhoLoggedInToTheConsoleWhenAndFromWhere()
    {
        await SeedDemoCityAsync();
        await LoginWithRoleAsync("qjp-reviewer", "reviewer", "320812001");
        await ExecuteAsync("UPDATE users SET display_name = '王审题' WHERE openid = @openId",
            new { openId = MaShangYi.Api.Infrastructure.WeChat.SimulatedWeChatClient.OpenIdFor("qjp-reviewer") });
        var huaianAdmin = await LoginWithRoleAsync("ha-admin", "region_admin", "320803");
        var (resident, _) = await LoginAsync("resident");
        var (cityConsole, _) = await ConsoleLoginAsync("city-admin");
        await ConsoleLoginAsync("qjp-reviewer");

        var logins = await ReadJsonAsync(await cityConsole.GetAsync("/api/console/logins"));
        var elsewhere = await ReadJsonAsync(await huaianAdmin.GetAsync("/api/console/logins"));

        var items = logins["items"]!.AsArray();
        Assert.That(items.Select(i => i!["userName"]?.GetValue<string>()), Is.EqualTo(new[] { "王审题", null }), "newest first");
        Assert.That(items.Select(i => i!["browser"]!.GetValue<string>()), Is.All.EqualTo("Chrome 126 · Windows"));
        Assert.That(items.Select(i => i!["at"]!.GetValue<DateTime>()), Is.All.GreaterThan(new DateTime(2026, 1, 1)));
        Assert.That(items[0]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "userName", "at", "address", "browser" }));
        Assert.That(elsewhere["items"]!.AsArray(), Is.Empty, "neither holds a role in 淮安区");
        await AssertProblemAsync(await resident.GetAsync("/api/console/logins"), HttpStatusCode.Forbidden, "forbidden");

        var first = await ReadJsonAsync(await cityConsole.GetAsync("/api/console/logins?limit=1"));
        var next = await ReadJsonAsync(await cityConsole.GetAsync($"/api/console/logins?limit=1&after={first["nextAfter"]}"));
        Assert.That(next["items"]!.AsArray().Single()!["id"]!.GetValue<long>(), Is.EqualTo(items[1]!["id"]!.GetValue<long>()));
        Assert.That(next["nextAfter"], Is.Null);
    }

    [Test]
    public async Task InADeploymentTheCookiesAreSecureAndThereIsNoSimulatedConfirm()
    {
        await SeedDemoCityAsync();
        var (phone, _) = await LoginAsync("city-admin");
        await using var deployed = DeployedApi.In("Production");
        var browser = deployed.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var confirmer = deployed.CreateClient();
        confirmer.DefaultRequestHeaders.Authorization = phone.DefaultRequestHeaders.Authorization;

        var created = await browser.PostAsync(Tickets, null);
        var ticket = await ReadJsonAsync(created);
        var binding = SetCookie(created, "msy_console_ticket");
        Assert.That(binding.ToLowerInvariant(), Does.Contain("secure").And.Contain("httponly").And.Contain("samesite=strict"));
        browser.DefaultRequestHeaders.Add("Cookie", binding.Split(';')[0]);

        var simulated = await browser.PostAsJsonAsync($"{Tickets}/{Handle(ticket)}/simulate-confirm", new { code = "city-admin" });
        Assert.That((await confirmer.PostAsync($"{Tickets}/by-scene/{Scene(ticket)}/confirm", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var confirmed = await browser.GetAsync($"{Tickets}/{Handle(ticket)}");

        await AssertProblemAsync(simulated, HttpStatusCode.NotFound, "not_found");
        Assert.That(SetCookie(confirmed, "msy_console").ToLowerInvariant(), Does.Contain("secure").And.Contain("httponly").And.Contain("samesite=strict"));
        Assert.That((await ReadJsonAsync(await deployed.CreateClient().GetAsync("/api/console/config")))["simulatedWeChat"]!.GetValue<bool>(), Is.False);
    }
}
