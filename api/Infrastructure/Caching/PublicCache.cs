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
            // Answers live seconds. 64 MB holds the landings of the 5,000 rooms scanned in the benchmark's half minute
            // (about 30 MB as the cache counts them) and the list pages and statistics beside them — at 32 MB the landings
            // filled it, list pages went uncached and their p99 rose from 4 ms to 320 ms — and keeps an instance within its
            // 300 MB budget (the peak comes from the write paths, not from here). Beyond it, answers are simply not cached.
            options.SizeLimit = 64 * 1024 * 1024;
            options.AddPolicy(Landing, new PublicPolicy(o => o.LandingSeconds));
            options.AddPolicy(Lists, new PublicPolicy(o => o.ListSeconds));
            options.AddPolicy(Statistics, new PublicPolicy(o => o.StatisticsSeconds));
        });
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
