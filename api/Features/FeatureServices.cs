using MaShangYi.Api.Features.Auth;
using MaShangYi.Api.Features.Channels;
using MaShangYi.Api.Features.Codes;
using MaShangYi.Api.Features.Import;
using MaShangYi.Api.Features.Landing;
using MaShangYi.Api.Features.Statistics;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Features.WebConsole;

namespace MaShangYi.Api.Features;

public static class FeatureServices
{
    public static IServiceCollection AddFeatureServices(this IServiceCollection services)
    {
        services.AddScoped<Sessions>();
        services.AddSingleton<ConsoleSessions>();
        services.AddScoped<LoginTickets>();
        services.AddScoped<CodeImages>();
        services.AddScoped<Importer>();
        services.AddOptions<TopicOptions>().BindConfiguration(TopicOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TopicStore>();
        services.AddScoped<TopicViews>();
        services.AddScoped<TopicLists>();
        services.AddScoped<ContentChecks>();
        services.AddScoped<TopicChanges>();
        services.AddScoped<TopicCreation>();
        services.AddScoped<SimilarTopics>();
        services.AddChannelCallbacks();
        // Registered after every other topic observer (AddNotifications comes before AddFeatureServices): the rollup
        // rows are shared by a whole city, so a change takes their locks as late in its transaction as possible.
        services.AddStatistics();
        return services;
    }
}
