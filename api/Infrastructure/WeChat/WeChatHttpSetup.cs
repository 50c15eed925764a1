using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace MaShangYi.Api.Infrastructure.WeChat;

public static class WeChatHttpSetup
{
    /// <summary>Set on requests that must not be repeated (a subscribe message sent twice reaches the user twice).</summary>
    public static readonly HttpRequestOptionsKey<bool> NoRetry = new("wechat.no-retry");

    /// <summary>The typed WeChat client with timeouts per attempt and overall, and retries of transient failures only.</summary>
    public static IServiceCollection AddRealWeChatClient(this IServiceCollection services)
    {
        services.AddSingleton<StableTokenProvider>();
        services.AddHttpClient<IWeChatClient, WeChatClient>(Configure).AddResilienceHandler("wechat", Pipeline);
        services.AddHttpClient(StableTokenProvider.HttpClientName, Configure).AddResilienceHandler("wechat-token", Pipeline);
        return services;
    }

    private static void Configure(IServiceProvider services, HttpClient http)
    {
        var options = services.GetRequiredService<IOptions<WeChatOptions>>().Value;
        http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
        http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline owns timeouts
    }

    private static void Pipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<WeChatOptions>>().Value;
        // Network timeouts and backoff are wall-clock matters, not the business clock (which tests move by hand).
        pipeline.TimeProvider = TimeProvider.System;
        pipeline
            .AddTimeout(TimeSpan.FromSeconds(options.TotalTimeoutSeconds))
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                UseJitter = true,
                ShouldHandle = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    var retryable = request is null || !request.Options.TryGetValue(NoRetry, out var noRetry) || !noRetry;
                    return retryable ? HttpClientResiliencePredicates.IsTransient(args.Outcome) ? PredicateResult.True() : PredicateResult.False() : PredicateResult.False();
                },
            })
            .AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
    }
}
