using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Api.Features.Statistics;

public static class StatisticsSetup
{
    /// <summary>The rollup is a topic observer: it applies each change to the rollups inside the change's own transaction.</summary>
    public static IServiceCollection AddStatistics(this IServiceCollection services)
    {
        services.AddScoped<StatisticsRollup>();
        services.AddScoped<ITopicObserver>(sp => sp.GetRequiredService<StatisticsRollup>());
        services.AddScoped<StatisticsQueries>();
        services.AddScoped<StatisticsRebuild>();
        return services;
    }
}
