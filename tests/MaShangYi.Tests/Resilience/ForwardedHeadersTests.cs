using System.Net;
using System.Net.Http.Json;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MaShangYi.Tests.Resilience;

/// <summary>
/// Behind the reverse proxy of a production set-up, the login limit keys on each client, not on the proxy; an
/// X-Forwarded-For from anyone but a configured proxy is ignored.
/// </summary>
public sealed class ForwardedHeadersTests : ApiTest
{
    private const string Proxy = "10.0.0.2";

    /// <summary>A host with a login limit of two a minute, whose requests come from the peer address a test names.</summary>
    private static WebApplicationFactory<Program> Host(params (string Key, string Value)[] settings) =>
        Api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("RateLimits:Enabled", "true");
            builder.UseSetting("RateLimits:LoginsPerAddressPerMinute", "2");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, PeerAddressFromTest>());
        });

    private static async Task<HttpStatusCode> LoginAsync(HttpClient client, string peer, string? forwardedFor, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { code }) };
        request.Headers.Add(PeerAddressFromTest.Header, peer);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Test]
    public async Task TwoClientsBehindAConfiguredProxyHaveALoginLimitEach()
    {
        await using var host = Host(("ForwardedHeaders:KnownProxies:0", Proxy));
        var client = host.CreateClient();

        var first = new[]
        {
            await LoginAsync(client, Proxy, "198.51.100.1", "a1"),
            await LoginAsync(client, Proxy, "198.51.100.1", "a2"),
            await LoginAsync(client, Proxy, "198.51.100.1", "a3"),
        };
        var second = await LoginAsync(client, Proxy, "198.51.100.2", "b1");
        // A client that sends its own X-Forwarded-For: the proxy appends the real address, and only that one is believed.
        var spoofing = await LoginAsync(client, Proxy, "203.0.113.77, 198.51.100.1", "a4");

        Assert.That(first, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That(second, Is.EqualTo(HttpStatusCode.OK), "another client behind the same proxy has a bucket of its own");
        Assert.That(spoofing, Is.EqualTo(HttpStatusCode.TooManyRequests), "still the first client's bucket");
    }

    [Test]
    public async Task AForwardedForFromAPeerThatIsNotAConfiguredProxyChangesNothing()
    {
        await using var host = Host(("ForwardedHeaders:KnownProxies:0", Proxy));
        var client = host.CreateClient();

        var statuses = new[]
        {
            await LoginAsync(client, "192.0.2.50", "198.51.100.1", "c1"),
            await LoginAsync(client, "192.0.2.50", "198.51.100.2", "c2"),
            await LoginAsync(client, "192.0.2.50", "198.51.100.3", "c3"),
        };

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
    }

    [Test]
    public async Task WithoutAConfiguredProxyNoForwardedForIsBelievedNotEvenFromLoopback()
    {
        await using var host = Host();
        var client = host.CreateClient();

        var statuses = new[]
        {
            await LoginAsync(client, "127.0.0.1", "198.51.100.1", "d1"),
            await LoginAsync(client, "127.0.0.1", "198.51.100.2", "d2"),
            await LoginAsync(client, "127.0.0.1", "198.51.100.3", "d3"),
        };

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
    }

    [Test]
    public async Task AProxyNetworkIsTrustedLikeAProxy()
    {
        await using var host = Host(("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/24"));
        var client = host.CreateClient();

        await LoginAsync(client, "10.0.0.7", "198.51.100.1", "e1");
        await LoginAsync(client, "10.0.0.8", "198.51.100.1", "e2");
        var third = await LoginAsync(client, "10.0.0.9", "198.51.100.1", "e3");
        var other = await LoginAsync(client, "10.0.0.9", "198.51.100.2", "e4");

        Assert.That((third, other), Is.EqualTo((HttpStatusCode.TooManyRequests, HttpStatusCode.OK)));
    }

    /// <summary>The in-process test server has no socket: this sets the connection's peer address, as Kestrel would.</summary>
    private sealed class PeerAddressFromTest : IStartupFilter
    {
        public const string Header = "X-Test-Peer";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[Header].ToString());
                context.Request.Headers.Remove(Header);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
