using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MaShangYi.Tests.Support;

/// <summary>
/// A second instance of the API on a real socket (Kestrel on 127.0.0.1, a free port), for a real browser to load.
/// It shares the test database with <see cref="TestRun.Api"/>, so tests seed through the usual helpers.
/// </summary>
public sealed class LoopbackApi : IAsyncDisposable
{
    private readonly ApiFactory _factory;

    private LoopbackApi(ApiFactory factory, Uri address)
    {
        _factory = factory;
        Address = address;
    }

    public Uri Address { get; }

    public ApiFactory Factory => _factory;

    public static LoopbackApi Start()
    {
        var factory = new ApiFactory(TestRun.ConnectionString);
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackApi(factory, new Uri(address));
    }

    /// <summary>Brings this instance's clock to the shared one (both only move forward).</summary>
    public void SyncClock()
    {
        if (_factory.Clock.GetUtcNow() < TestRun.Api.Clock.GetUtcNow())
        {
            _factory.Clock.SetUtcNow(TestRun.Api.Clock.GetUtcNow());
        }
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
