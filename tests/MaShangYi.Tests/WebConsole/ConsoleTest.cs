using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.WebConsole;

/// <summary>
/// Tests of the web console's backend, driven as the console and the mini program drive it: a browser (an HttpClient with
/// its own cookie jar) starts a login, a phone (a bearer-token client) scans and confirms, the browser polls.
/// </summary>
public abstract class ConsoleTest : ApiTest
{
    protected const string Tickets = "/api/console/login-tickets";

    /// <summary>A browser of its own: a fresh cookie jar, a desktop User-Agent.</summary>
    protected static HttpClient Browser()
    {
        var browser = Api.CreateClient();
        browser.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36");
        return browser;
    }

    /// <summary>POST /api/console/login-tickets from <paramref name="browser"/>: {ticket, scene, expiresAt, codeUrl}.</summary>
    protected static async Task<JsonObject> StartLoginAsync(HttpClient browser)
    {
        var response = await browser.PostAsync(Tickets, null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    protected static string Scene(JsonObject ticket) => ticket["scene"]!.GetValue<string>();

    protected static string Handle(JsonObject ticket) => ticket["ticket"]!.GetValue<string>();

    protected static Task<HttpResponseMessage> ScanAsync(HttpClient phone, JsonObject ticket) =>
        phone.GetAsync($"{Tickets}/by-scene/{Scene(ticket)}");

    protected static Task<HttpResponseMessage> ConfirmAsync(HttpClient phone, JsonObject ticket) =>
        phone.PostAsync($"{Tickets}/by-scene/{Scene(ticket)}/confirm", null);

    protected static Task<HttpResponseMessage> PollAsync(HttpClient browser, JsonObject ticket) =>
        browser.GetAsync($"{Tickets}/{Handle(ticket)}");

    protected static async Task<string> PolledStatusAsync(HttpClient browser, JsonObject ticket)
    {
        var response = await PollAsync(browser, ticket);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["status"]!.GetValue<string>();
    }

    /// <summary>A browser logged in to the console as the person of <paramref name="loginCode"/> (who must hold a role), and its CSRF token.</summary>
    protected async Task<(HttpClient Browser, string Csrf)> ConsoleLoginAsync(string loginCode)
    {
        var (phone, _) = await LoginAsync(loginCode);
        var browser = Browser();
        var ticket = await StartLoginAsync(browser);
        Assert.That((await ScanAsync(phone, ticket)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ConfirmAsync(phone, ticket)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var polled = await ReadJsonAsync(await PollAsync(browser, ticket));
        Assert.That(polled["status"]!.GetValue<string>(), Is.EqualTo("confirmed"), polled.ToJsonString());
        return (browser, polled["csrfToken"]!.GetValue<string>());
    }

    /// <summary>A state-changing request from the console page, with its CSRF header when <paramref name="csrf"/> is given.</summary>
    protected static Task<HttpResponseMessage> SendAsync(HttpClient browser, HttpMethod method, string url, string? csrf, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }

        return browser.SendAsync(request);
    }

    /// <summary>The Set-Cookie header a response sent for <paramref name="name"/>, as the browser received it.</summary>
    protected static string SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.SingleOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal)) ?? ""
            : "";
}
