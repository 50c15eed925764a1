using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Infrastructure.Options;

public static class OptionsSetup
{
    /// <summary>Binds and validates every options section at start-up so a bad configuration fails the start, not a request.</summary>
    public static IServiceCollection AddAppOptions(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WeChatOptions>().BindConfiguration(WeChatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PublicOptions>().BindConfiguration(PublicOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtOptions>, ProductionJwtRules>();
        services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatRules>();
        return services;
    }

    private sealed class ProductionJwtRules(IHostEnvironment env) : IValidateOptions<JwtOptions>
    {
        public ValidateOptionsResult Validate(string? name, JwtOptions options) =>
            !env.IsDevelopment() && options.SigningKey == JwtOptions.DevelopmentSigningKey
                ? ValidateOptionsResult.Fail(
                    $"Jwt:SigningKey is the development key, which is public in the repository; refusing to start in {env.EnvironmentName}. Set Jwt__SigningKey to a secret of at least 32 characters.")
                : ValidateOptionsResult.Success;
    }

    private sealed class WeChatRules(IHostEnvironment env) : IValidateOptions<WeChatOptions>
    {
        public ValidateOptionsResult Validate(string? name, WeChatOptions options)
        {
            if (options.Mode == WeChatMode.Real && (string.IsNullOrWhiteSpace(options.AppId) || string.IsNullOrWhiteSpace(options.AppSecret)))
            {
                return ValidateOptionsResult.Fail("WeChat:Mode is Real but WeChat:AppId or WeChat:AppSecret is missing. Set WeChat__AppId and WeChat__AppSecret from the environment.");
            }

            // A simulated login code names the user, so a simulated start lets anyone log in as anyone (a region admin too).
            if (options.Mode == WeChatMode.Simulated && !env.IsForDevelopmentOrTests())
            {
                return ValidateOptionsResult.Fail(
                    $"WeChat:Mode is Simulated in {env.EnvironmentName}: anyone could log in as anyone. Simulated WeChat is allowed only in {HostEnvironments.Names}. Set WeChat__Mode=Real with WeChat__AppId and WeChat__AppSecret.");
            }

            return PushRules(options) is { } push ? ValidateOptionsResult.Fail(push) : ValidateOptionsResult.Success;
        }

        private static string? PushRules(WeChatOptions options)
        {
            if (!string.IsNullOrEmpty(options.PushToken) && !PushCrypto.IsWellFormedToken(options.PushToken))
            {
                return "WeChat:PushToken must be 3 to 32 letters or digits, the Token set under 开发管理 → 消息推送 in the WeChat admin console.";
            }

            if (string.IsNullOrEmpty(options.PushEncodingAesKey))
            {
                return null;
            }

            if (!PushCrypto.IsWellFormedKey(options.PushEncodingAesKey))
            {
                return "WeChat:PushEncodingAesKey must be the 43 letters and digits of the EncodingAESKey set under 消息推送 in the WeChat admin console.";
            }

            return string.IsNullOrEmpty(options.PushToken)
                ? "WeChat:PushEncodingAesKey is set but WeChat:PushToken is not: safe-mode pushes are signed with the Token. Set WeChat__PushToken."
                : null;
        }
    }
}
