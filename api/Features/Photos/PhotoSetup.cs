using System.Security.Claims;
using System.Threading.RateLimiting;
using MaShangYi.Api.Infrastructure.Storage;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Features.Photos;

/// <summary>The photo feature's services: options, the image limits and the upload rate (the store: <see cref="PhotoStoreSetup"/>).</summary>
public static class PhotoSetup
{
    public const string UploadPolicy = "photo-upload";

    public static IServiceCollection AddPhotos(this IServiceCollection services)
    {
        PhotoImages.SetLimits();
        services.AddOptions<PhotoOptions>().BindConfiguration(PhotoOptions.Section)
            .Validate(o => o.SignedUrlMinutes is >= 1 and <= 1440, "Photos:SignedUrlMinutes must be between 1 and 1440.")
            .Validate(o => o.CheckUrlMinutes is >= 30 and <= 1440, "Photos:CheckUrlMinutes must be between 30 and 1440 (WeChat answers within 30 minutes).")
            .Validate(o => o.UploadsPerUserPerHour >= 0, "Photos:UploadsPerUserPerHour must not be negative.")
            .Validate(o => o.UrlSecret is null || o.UrlSecret.Length == 0 || o.UrlSecret.Length >= 32, "Photos:UrlSecret must be at least 32 characters.")
            .ValidateOnStart();
        services.AddSingleton<PhotoUrls>();
        services.AddSingleton<PhotoViews>();
        services.AddSingleton<IMediaCheckVerdicts, MediaCheckVerdicts>();
        services.AddScoped<PhotoUploads>();
        services.AddScoped<PhotoModeration>();
        services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(UploadPolicy, context =>
        {
            var perHour = context.RequestServices.GetRequiredService<IOptions<PhotoOptions>>().Value.UploadsPerUserPerHour;
            return perHour > 0 && context.User.FindFirstValue("sub") is { } user
                ? RateLimitPartition.GetTokenBucketLimiter("photo:" + user, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perHour,
                    TokensPerPeriod = Math.Max(1, perHour / 60),
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("none");
        }));
        return services;
    }
}
