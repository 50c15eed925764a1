using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.Outbox;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Features.Channels;

public sealed class ChannelOptions
{
    public const string Section = "Channels";

    /// <summary>
    /// Let callbacks go to this machine (http allowed there): for a channel's test receiver on loopback. Refused at
    /// start-up outside the environments for development and tests.
    /// </summary>
    public bool AllowLoopbackCallbacks { get; set; }
}

public static class ChannelCallbackSetup
{
    public static IServiceCollection AddChannelCallbacks(this IServiceCollection services)
    {
        services.AddOptions<ChannelOptions>().BindConfiguration(ChannelOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChannelOptions>, LoopbackOnlyForDevelopmentAndTests>();
        services.AddSingleton<CallbackTargets>();
        services.AddScoped<ITopicObserver, ChannelCallbackObserver>();
        services.AddOutboxHandler<ChannelCallbackHandler>();
        // A channel's server answers quickly or is retried later from the outbox. Redirects are not followed (the URL is
        // the registered one) and no proxy is used: the address checked is the address connected to.
        services.AddHttpClient(ChannelCallbackHandler.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = sp.GetRequiredService<CallbackTargets>().ConnectAsync,
            });
        return services;
    }

    private sealed class LoopbackOnlyForDevelopmentAndTests(IHostEnvironment env) : IValidateOptions<ChannelOptions>
    {
        public ValidateOptionsResult Validate(string? name, ChannelOptions options) =>
            options.AllowLoopbackCallbacks && !env.IsForDevelopmentOrTests()
                ? ValidateOptionsResult.Fail(
                    $"Channels:AllowLoopbackCallbacks is on in {env.EnvironmentName}: channels could make this server call itself. It is allowed only in {HostEnvironments.Names}; remove Channels__AllowLoopbackCallbacks.")
                : ValidateOptionsResult.Success;
    }
}
