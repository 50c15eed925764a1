using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace MaShangYi.Api.Infrastructure.Limits;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>All requests from one address. Generous: a whole village can sit behind one carrier NAT address.</summary>
    public int PerAddressPerMinute { get; set; } = 1200;

    /// <summary>Writes (POST/PUT/DELETE) by one logged-in user: submissions, comments, actions.</summary>
    public int WritesPerUserPerMinute { get; set; } = 30;

    /// <summary>Logins from one address (each costs a code2Session call, which WeChat limits too).</summary>
    public int LoginsPerAddressPerMinute { get; set; } = 60;
}

/// <summary>Abuse limits: per address, per user for writes, and per address for logins; 429 with Retry-After.</summary>
public static class RateLimits
{
    public const string LoginPolicy = "login";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => !options.Enabled
                    ? RateLimitPartition.GetNoLimiter("off")
                    : RateLimitPartition.GetFixedWindowLimiter("addr:" + Address(context), _ => Window(options.PerAddressPerMinute))),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    options.Enabled && IsWrite(context.Request.Method) && context.User.FindFirstValue("sub") is { } user
                        ? RateLimitPartition.GetTokenBucketLimiter("user:" + user, _ => new TokenBucketRateLimiterOptions
                        {
                            TokenLimit = options.WritesPerUserPerMinute,
                            TokensPerPeriod = options.WritesPerUserPerMinute,
                            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                            QueueLimit = 0,
                        })
                        : RateLimitPartition.GetNoLimiter("none")));
            limiter.AddPolicy(LoginPolicy, context => !options.Enabled
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.GetFixedWindowLimiter("login:" + Address(context), _ => Window(options.LoginsPerAddressPerMinute)));
            limiter.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ApiProblem.Create(429, "rate_limited", $"操作太频繁，请 {seconds} 秒后再试。",
                    new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds }).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    private static bool IsWrite(string method) => HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method);

    // The client's address: behind a configured reverse proxy, the one it forwarded (ProxyHeaders), else the peer's.
    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
