using MaShangYi.Api.Infrastructure.Options;

namespace MaShangYi.Api.Infrastructure.WeChat;

public static class WeChatSetup
{
    /// <summary>Real WeChat over HTTP when WeChat:Mode is Real; otherwise the simulated client (no AppID needed).</summary>
    public static IServiceCollection AddWeChat(this IServiceCollection services, IConfiguration configuration)
    {
        var mode = configuration.GetValue($"{WeChatOptions.Section}:{nameof(WeChatOptions.Mode)}", WeChatMode.Simulated);
        // Always there, so a SimulatedWeChatClient can be built in any mode (tests wrap one); only drained when simulated.
        services.AddSingleton<SimulatedMediaChecks>();
        if (mode == WeChatMode.Real)
        {
            services.AddRealWeChatClient();
        }
        else
        {
            services.AddSingleton<IWeChatClient, SimulatedWeChatClient>();
            services.AddHostedService<SimulatedMediaCheckWorker>();
        }

        return services;
    }
}
