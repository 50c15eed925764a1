using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Api.Features.Statistics;

public static class StatisticsSetup
{
    /// <summary>The rollup is a topic observer: it queues each change inside the change's transaction; the folding moves it into the rollups.</summary>
    public static IServiceCollection AddStatistics(this IServiceCollection services)
    {
        services.AddOptions<StatisticsOptions>().BindConfiguration(StatisticsOptions.Section)
            .Validate(o => o.FoldIntervalMilliseconds > 0 && o.FoldBatchSize > 0, "Statistics:FoldIntervalMilliseconds and Statistics:FoldBatchSize must be positive.")
            .ValidateOnStart();
        services.AddScoped<StatisticsRollup>();
        services.AddScoped<ITopicObserver>(sp => sp.GetRequiredService<StatisticsRollup>());
        services.AddScoped<StatisticsFolding>();
        services.AddHostedService<StatisticsFoldingWorker>();
        services.AddScoped<StatisticsQueries>();
        services.AddScoped<StatisticsRebuild>();
        return services;
    }
}
