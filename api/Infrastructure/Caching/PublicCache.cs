using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace MaShangYi.Api.Infrastructure.Caching;

public sealed class CachingOptions
{
    public const string Section = "Caching";

    public bool Enabled { get; set; } = true;

    /// <summary>The scan landing: a room and its public summary (counts may lag by this much).</summary>
    public int LandingSeconds { get; set; } = 30;

    /// <summary>Public topic and meeting lists of a room or region.</summary>
    public int ListSeconds { get; set; } = 10;

    /// <summary>Statistics and the notice board.</summary>
    public int StatisticsSeconds { get; set; } = 60;

    /// <summary>
    /// How much the cached answers may take, as the cache counts them (their bytes). At the limit a new answer is not
    /// cached and the least recently used are dropped to make room. 16 MB holds several thousand landings and list pages
    /// beside the boards and statistics that are asked for again: what is asked for often stays, what was asked once goes
    /// first. A larger cache mostly holds answers nobody asks for again (a spread-out load's boards, 25–100 KB each for a
    /// minute), each living long enough to be collected only with the oldest generation: it raised the API's peak memory
    /// without answering more (docs/benchmarks.md, *The cache's size at 600 req/s*).
    /// </summary>
    public int SizeLimitMegabytes { get; set; } = 16;
}

/// <summary>
/// Server-side caching of public answers that are the same for every caller (the landing, public lists, statistics,
/// the notice board), per instance, for a few seconds. Unlike ASP.NET Core's default policy it also serves callers
/// who send a token — the mini program always does — because these answers carry nothing of the caller.
/// Answers that depend on the caller (a topic's allowedActions, "my" lists) are never cached.
/// </summary>
public static class PublicCache
{
    public const string Landing = "landing";
    public const string Lists = "lists";
    public const string Statistics = "statistics";

    public static IServiceCollection AddPublicCaching(this IServiceCollection services)
    {
        services.AddOptions<CachingOptions>().BindConfiguration(CachingOptions.Section);
        services.AddOutputCache(options =>
        {
            options.AddPolicy(Landing, new PublicPolicy(o => o.LandingSeconds));
            options.AddPolicy(Lists, new PublicPolicy(o => o.ListSeconds));
            options.AddPolicy(Statistics, new PublicPolicy(o => o.StatisticsSeconds));
        });
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<CachingOptions>>((cache, caching) => cache.SizeLimit = caching.Value.SizeLimitMegabytes * 1024L * 1024);
        return services;
    }

    public static WebApplication UsePublicCaching(this WebApplication app)
    {
        app.UseOutputCache();
        return app;
    }

    private sealed class PublicPolicy(Func<CachingOptions, int> seconds) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<CachingOptions>>().Value;
            var request = context.HttpContext.Request;
            var cacheable = options.Enabled && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
            context.EnableOutputCaching = cacheable;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true; // many scans of one room at once make one database query
            context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(seconds(options));
            context.CacheVaryByRules.QueryKeys = new StringValues("*");
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }
}
