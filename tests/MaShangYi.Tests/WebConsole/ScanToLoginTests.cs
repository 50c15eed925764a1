using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace MaShangYi.Tests.WebConsole;

public sealed partial class ScanToLoginTests : ConsoleTest
{
    [GeneratedRegex("^L[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{15}$")]
    private static partial Regex LoginScene();

    [Test]
    public async Task AStaffMemberScansConfirmsAndTheWaitingBrowserGetsASessionCookie()
    {
        await SeedDemoCityAsync();
        var (phone, adminId) = await LoginAsync("city-admin");
        var browser = Browser();

        var ticket = await StartLoginAsync(browser);
        Assert.That(Scene(ticket), Does.Match(LoginScene()));
        Assert.That(ticket["codeUrl"]!.GetValue<string>(), Is.EqualTo($"{Tickets}/{Handle(ticket)}/code"));
        Assert.That(await PolledStatusAsync(browser, ticket), Is.EqualTo("pending"));

        var scanned = await ScanAsync(phone, ticket);
        Assert.That(scanned.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(scanned))["browser"]!.GetValue<string>(), Is.EqualTo("Chrome 126 · Windows"));
        Assert.That(await PolledStatusAsync(browser, ticket), Is.EqualTo("scanned"));

        Assert.That((await ConfirmAsync(phone, ticket)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var confirmed = await PollAsync(browser, ticket);
        var body = await ReadJsonAsync(confirmed);
        Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("confirmed"));
        Assert.That(body["csrfToken"]!.GetValue<string>(), Has.Length.GreaterThan(20));
        Assert.That(body["user"]!["id"]!.GetValue<long>(), Is.EqualTo(adminId));
        Assert.That(SetCookie(confirmed, "msy_console"), Is.Not.Empty);

        var me = await browser.GetAsync("/api/me");
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the cookie is accepted like the bearer token");
        Assert.That((await ReadJsonAsync(me))["id"]!.GetValue<long>(), Is.EqualTo(adminId));
        var row = await QueryAsync<(long UserId, string Browser)>("SELECT user_id, browser FROM console_sessions");
        Assert.That(row, Is.EqualTo(new[] { (adminId, "Chrome 126 · Windows") }));
    }

    [Test]
    public async Task TheSessionAndTicketCookiesAreHttpOnlyStrictAndNotSecureInTesting()
    {
        await SeedDemoCityAsync();
        var (phone, _) = await LoginAsync("city-admin");
        var browser = Browser();

        var created = await browser.PostAsync(Tickets, null);
        var ticket = await ReadJsonAsync(created);
        await ConfirmAsync(phone, ticket);
        var confirmed = await PollAsync(browser, ticket);

        var binding = SetCookie(created, "msy_console_ticket").ToLowerInvariant();
        Assert.That(binding, Does.Contain("httponly").And.Contain("samesite=strict").And.Contain("path=/api/console/login-tickets").And.Not.Contain("secure"));
        var session = SetCookie(confirmed, "msy_console").ToLowerInvariant();
        Assert.That(session, Does.Contain("httponly").And.Contain("samesite=strict").And.Contain("path=/").And.Not.Contain("secure"));
        Assert.That(session, Does.Not.Contain("expires").And.Not.Contain("max-age"), "a browser-session cookie; the server ends it sooner");
    }

    [Test]
    public async Task ATicketExpiresAfterTwoMinutesOnTheMovedClock()
    {
        await SeedDemoCityAsync();
        var (phone, _) = await LoginAsync("city-admin");
        var browser = Browser();
        var ticket = await StartLoginAsync(browser);
        Api.Clock.Advance(TimeSpan.FromSeconds(119));
        Assert.That(await PolledStatusAsync(browser, ticket), Is.EqualTo("pending"));

        Api.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.That(await PolledStatusAsync(browser, ticket), Is.EqualTo("expired"));
        await AssertProblemAsync(await ScanAsync(phone, ticket), HttpStatusCode.Gone, "ticket_expired");
        await AssertProblemAsync(await ConfirmAsync(phone, ticket), HttpStatusCode.Gone, "ticket_expired");
        await AssertProblemAsync(await browser.GetAsync(ticket["codeUrl"]!.GetValue<string>()), HttpStatusCode.Gone, "ticket_expired");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM console_sessions"), Is.Zero);
    }

    [Test]
    public async Task ATicketGivesOneSessionOnlyConfirmingOrPollingAgainGivesNoOther()
    {
        await SeedDemoCityAsync();
        var (phone, _) = await LoginAsync("city-admin");
        var browser = Browser();
        var ticket = await StartLoginAsync(browser);
        await ConfirmAsync(phone, ticket);
        Assert.That(await PolledStatusAsync(browser, ticket), Is.EqualTo("confirmed"));

        var again = await PollAsync(browser, ticket);
        var confirmTwice = await ConfirmAsync(phone, ticket);

        Assert.That(SetCookie(again, "msy_console"), Is.Empty);
        await AssertProblemAsync(again, HttpStatusCode.NotFound, "ticket_not_found"); // the binding cookie went with the session
        await AssertProblemAsync(confirmTwice, HttpStatusCode.Conflict, "ticket_used");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM console_sessions"), Is.EqualTo(1));
    }

    [Test]
    public async Task RacingConfirmsAndRacingPollsGiveOneSessionAtMost()
    {
        await SeedDemoCityAsync();
        var phones = new List<HttpClient>();
        for (var i = 0; i < 4; i++)
        {
            phones.Add(await LoginWithRoleAsync($"staff-{i}", "reviewer", "320812"));
        }

        var browser = Browser();
        var ticket = await StartLoginAsync(browser);

        var confirms = await Task.WhenAll(phones.Concat(phones).Select(phone => ConfirmAsync(phone, ticket)));
        var polls = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PollAsync(browser, ticket)));

        Assert.That(confirms.Count(r => r.StatusCode == HttpStatusCode.NoContent), Is.EqualTo(1));
        Assert.That(confirms.Where(r => r.StatusCode != HttpStatusCode.NoContent).Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Conflict));
        var statuses = new List<string>();
        foreach (var poll in polls)
        {
            statuses.Add((await ReadJsonAsync(poll))["status"]!.GetValue<string>());
        }

        Assert.That(statuses.Count(s => s == "confirmed"), Is.EqualTo(1), string.Join(",", statuses));
        Assert.That(polls.Count(p => SetCookie(p, "msy_console").Length > 0), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM console_sessions"), Is.EqualTo(1));
    }

    [Test]
    public async Task AResidentIsRefusedInChineseAndTheTicketStaysOpen()
    {
        await SeedDemoCityAsync();
        var (resident, _) = await LoginAsync("resident");
        var browser = Browser();
        var ticket = await StartLoginAsync(browser);

        var scan = await AssertProblemAsync(await ScanAsync(resident, ticket), HttpStatusCode.Forbidden, "not_staff");
        await AssertProblemAsync(await ConfirmAsync(resident, ticket), HttpStatusCode.Forbidden, "not_staff");
        await AssertProblemAsync(await resident.PostAsync($"{Tickets}/by-scene/{Scene(ticket)}/cancel", null), HttpStatusCode.Forbidden, "not_staff");

        Assert.That(scan["detail"]!.GetValue<string>(), Does.Contain("工作人员"));
        Assert.That(await PolledStatusAsync(browser, ticket), Is.EqualTo("pending"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM console_sessions"), Is.Zero);
    }

    [Test]
    public async Task AnotherBrowserCannotPollShowOrConfirmSomeoneElsesTicket()
    {
        await SeedDemoCityAsync();
        var (phone, _) = await LoginAsync("city-admin");
        var mine = Browser();
        var ticket = await StartLoginAsync(mine);
        var other = Browser();
        await StartLoginAsync(other); // has a binding cookie of its own, for another ticket

        await AssertProblemAsync(await PollAsync(other, ticket), HttpStatusCode.NotFound, "ticket_not_found");
        await AssertProblemAsync(await other.GetAsync(ticket["codeUrl"]!.GetValue<string>()), HttpStatusCode.NotFound, "ticket_not_found");
        await AssertProblemAsync(await other.PostAsJsonAsync($"{Tickets}/{Handle(ticket)}/simulate-confirm", new { code = "city-admin" }), HttpStatusCode.NotFound, "ticket_not_found");
        await AssertProblemAsync(await Anonymous.GetAsync($"{Tickets}/{Handle(ticket)}"), HttpStatusCode.NotFound, "ticket_not_found");

        await ConfirmAsync(phone, ticket);
        await AssertProblemAsync(await PollAsync(other, ticket), HttpStatusCode.NotFound, "ticket_not_found");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM console_sessions"), Is.Zero, "the confirmed ticket waits for its own browser");
        Assert.That(await PolledStatusAsync(mine, ticket), Is.EqualTo("confirmed"));
    }

    [Test]
    public async Task TheFirstStaffMemberToScanHoldsTheTicketAndMayCancelIt()
    {
        await SeedDemoCityAsync();
        var first = await LoginWithRoleAsync("first", "reviewer", "320812");
        var second = await LoginWithRoleAsync("second", "reviewer", "320812");
        var browser = Browser();
        var ticket = await StartLoginAsync(browser);
        Assert.That((await ScanAsync(first, ticket)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await AssertProblemAsync(await ScanAsync(second, ticket), HttpStatusCode.Conflict, "ticket_used");
        await AssertProblemAsync(await ConfirmAsync(second, ticket), HttpStatusCode.Conflict, "ticket_used");
        var cancelled = await first.PostAsync($"{Tickets}/by-scene/{Scene(ticket)}/cancel", null);

        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await PolledStatusAsync(browser, ticket), Is.EqualTo("cancelled"));
        await AssertProblemAsync(await ConfirmAsync(first, ticket), HttpStatusCode.Conflict, "ticket_used");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM console_sessions"), Is.Zero);
    }

    [TestCase("ABCDEFGH")]
    [TestCase("I23456789ABCDEFG")]
    [TestCase("L23456789ABCDEF0")]
    [TestCase("L23456789ABCDEFGH")]
    public async Task AScanThatIsNoLoginCodeIs400NamingTheScene(string scene)
    {
        await SeedDemoCityAsync();
        var (phone, _) = await LoginAsync("city-admin");

        var response = await phone.GetAsync($"{Tickets}/by-scene/{scene}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "scene" }));
    }

    [Test]
    public async Task AnUnknownLoginCodeIs404()
    {
        await SeedDemoCityAsync();
        var (phone, _) = await LoginAsync("city-admin");

        await AssertProblemAsync(await phone.GetAsync($"{Tickets}/by-scene/L23456789ABCDEFG"), HttpStatusCode.NotFound, "ticket_not_found");
    }

    [Test]
    public async Task TheCodeImageCarriesTheSceneAndOpensTheConfirmPage()
    {
        var browser = Browser();
        var ticket = await StartLoginAsync(browser);

        var image = await browser.GetAsync(ticket["codeUrl"]!.GetValue<string>());

        Assert.That(image.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(image.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
        var asked = Api.WeChat.CodeRequests.Single();
        Assert.That((asked.Scene, asked.Page), Is.EqualTo((Scene(ticket), "pages/console-login/index")));
    }

    [Test]
    public async Task SimulatedWeChatLetsADeveloperConfirmAsADemoStaffMemberButNotAsAResident()
    {
        await SeedDemoCityAsync();
        await LoginAsync("resident");
        var browser = Browser();
        var ticket = await StartLoginAsync(browser);
        var simulate = $"{Tickets}/{Handle(ticket)}/simulate-confirm";

        await AssertProblemAsync(await browser.PostAsJsonAsync(simulate, new { code = "resident" }), HttpStatusCode.Forbidden, "not_staff");
        await AssertProblemAsync(await browser.PostAsJsonAsync(simulate, new { code = " " }), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That((await browser.PostAsJsonAsync(simulate, new { code = "city-admin" })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That(await PolledStatusAsync(browser, ticket), Is.EqualTo("confirmed"));
        Assert.That((await browser.GetAsync("/api/console/session")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TheLoginPageIsToldItMayOfferTheDemoStaffInSimulatedWeChat()
    {
        await SeedDemoCityAsync();

        var config = await ReadJsonAsync(await Anonymous.GetAsync("/api/console/config"));

        Assert.That(config["simulatedWeChat"]!.GetValue<bool>(), Is.True);
        var staff = config["demoStaff"]!.AsArray().Select(s => (s!["code"]!.GetValue<string>(), s["label"]!.GetValue<string>())).ToList();
        Assert.That(staff[0], Is.EqualTo(("demo-city-admin", "区域管理员 · 淮安市")));
        Assert.That(staff, Does.Contain(("demo-reviewer", "审核人员 · 长西街道")));
    }
}
