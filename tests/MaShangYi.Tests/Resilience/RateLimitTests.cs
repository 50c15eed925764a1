using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Limits;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace MaShangYi.Tests.Resilience;

/// <summary>Abuse limits, on a host of their own with small limits (the shared test host has them off).</summary>
public sealed class RateLimitTests : TopicTest
{
    private static WebApplicationFactory<Program> Limited(int perAddress = 1000, int writesPerUser = 1000, int logins = 1000) =>
        Api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("RateLimits:Enabled", "true");
            builder.UseSetting("RateLimits:PerAddressPerMinute", perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("RateLimits:WritesPerUserPerMinute", writesPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("RateLimits:LoginsPerAddressPerMinute", logins.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });

    [Test]
    public async Task TooManyWritesByOneUserAre429WithRetryAfterAndNothingMoreIsWritten()
    {
        await using var factory = Limited(writesPerUser: 3);
        var client = factory.CreateClient();
        var token = (await ReadJsonAsync(await client.PostAsJsonAsync("/api/auth/login", new { code = "busy-resident" })))["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var category = await CategoryIdAsync();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await client.PostAsJsonAsync($"/api/rooms/{RoomId}/topics", new { title = $"第{i}件事", description = "一个正常的问题描述。", categoryId = category, anonymous = true });
            statuses.Add(last.StatusCode);
        }

        Assert.That(statuses.Take(3), Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(statuses.Skip(3), Is.All.EqualTo(HttpStatusCode.TooManyRequests));
        await AssertProblemAsync(last!, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(last!.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.EqualTo(3));
        Assert.That((await client.GetAsync($"/api/rooms/{RoomId}/topics")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "reading is not a write");
    }

    [Test]
    public async Task OneUsersLimitDoesNotStopAnother()
    {
        await using var factory = Limited(writesPerUser: 1);
        async Task<HttpClient> As(string code)
        {
            var client = factory.CreateClient();
            var token = (await ReadJsonAsync(await client.PostAsJsonAsync("/api/auth/login", new { code })))["accessToken"]!.GetValue<string>();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        var (a, b) = (await As("user-a"), await As("user-b"));
        var body = new { title = "事", description = "一个正常的问题描述。", categoryId = await CategoryIdAsync(), anonymous = true };

        Assert.That((await a.PostAsJsonAsync($"/api/rooms/{RoomId}/topics", body)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await a.PostAsJsonAsync($"/api/rooms/{RoomId}/topics", body)).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That((await b.PostAsJsonAsync($"/api/rooms/{RoomId}/topics", body)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task TooManyRequestsFromOneAddressAre429()
    {
        await using var factory = Limited(perAddress: 5);
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await client.GetAsync("/api/categories")).StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.OK, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2))));
    }

    [Test]
    public async Task TooManyLoginsFromOneAddressAre429BeforeWeChatIsAsked()
    {
        await using var factory = Limited(logins: 2);
        var client = factory.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            Assert.That((await client.PostAsJsonAsync("/api/auth/login", new { code = $"c{i}" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var refused = await client.PostAsJsonAsync("/api/auth/login", new { code = "c3" });

        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE openid = @o", new { o = MaShangYi.Api.Infrastructure.WeChat.SimulatedWeChatClient.OpenIdFor("c3") }), Is.Zero);
    }

    [Test]
    public async Task WithTheShippedSettingsThe61stLoginInAMinuteFromOneAddressIs429()
    {
        // Every other host turns limits off or sets them; this one puts back what appsettings.json ships (or, where it
        // says nothing, the options' defaults), so a change to the production limit or its wiring shows here.
        var contentRoot = Api.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        var shipped = new ConfigurationBuilder().SetBasePath(contentRoot).AddJsonFile("appsettings.json").Build()
            .GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        await using var factory = Api.WithWebHostBuilder(builder => builder.UseSetting("RateLimits:Enabled", shipped.Enabled.ToString()));
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 60; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/auth/login", new { code = $"shipped-{i}" })).StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/api/auth/login", new { code = "shipped-61" });

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE openid = @o", new { o = MaShangYi.Api.Infrastructure.WeChat.SimulatedWeChatClient.OpenIdFor("shipped-61") }), Is.Zero);
    }
}
