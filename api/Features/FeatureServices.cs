using MaShangYi.Api.Features.Auth;
using MaShangYi.Api.Features.Codes;
using MaShangYi.Api.Features.Import;
using MaShangYi.Api.Features.Landing;
using MaShangYi.Api.Features.Statistics;
using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Api.Features;

public static class FeatureServices
{
    public static IServiceCollection AddFeatureServices(this IServiceCollection services)
    {
        services.AddScoped<Sessions>();
        services.AddScoped<CodeImages>();
        services.AddScoped<Importer>();
        services.AddSingleton<RoomSummaries>();
        services.AddScoped<TopicStore>();
        services.AddScoped<TopicViews>();
        services.AddScoped<TopicLists>();
        services.AddScoped<ContentChecks>();
        services.AddScoped<TopicChanges>();
        services.AddStatistics();
        return services;
    }
}
