using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Infrastructure.Proxies;

/// <summary>The reverse proxies in front of the API, whose X-Forwarded-For and X-Forwarded-Proto are believed.</summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. 127.0.0.1 for nginx on the same machine (ForwardedHeaders__KnownProxies__0).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR, e.g. 10.0.0.0/24 for a load balancer pool (ForwardedHeaders__KnownNetworks__0).</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies a request passes through: how many X-Forwarded-For entries, from the right, are believed.</summary>
    [Range(1, 10, ErrorMessage = "ForwardedHeaders:ForwardLimit must be between 1 and 10 (the number of proxies in front of the API).")]
    public int ForwardLimit { get; set; } = 1;

    public bool AnyProxy => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address, so the rate limits would put every client in
/// one bucket. The client's address (and scheme) are taken from the forwarded headers — but only on requests whose
/// peer is a configured proxy; anyone else's X-Forwarded-For is ignored, as it is when no proxy is configured.
/// </summary>
public static class ProxyHeaders
{
    public static IServiceCollection AddProxyHeaders(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyAddressRules>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = proxies.Value.ForwardLimit;
            // The defaults trust loopback; only what is configured is trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        // Not used at all without a configured proxy: with both lists empty the middleware would believe every peer.
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.AnyProxy)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    private sealed class ProxyAddressRules : IValidateOptions<ProxyOptions>
    {
        public ValidateOptionsResult Validate(string? name, ProxyOptions options)
        {
            var errors = options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
                .Select(p => $"ForwardedHeaders:KnownProxies has '{p}', which is not an IP address (e.g. 10.0.0.2).")
                .Concat(options.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _))
                    .Select(n => $"ForwardedHeaders:KnownNetworks has '{n}', which is not a network in CIDR form (e.g. 10.0.0.0/24)."))
                .ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
