using MaShangYi.Api.Features.Channels;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.Privacy;
using MaShangYi.Api.Infrastructure.Proxies;
using MaShangYi.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MaShangYi.Tests.Features;

/// <summary>A production start with unsafe settings refuses to start, and says why.</summary>
public sealed class StartupConfigurationTests
{
    /// <summary>
    /// Runs the start-up validation the host runs (ValidateOnStart) over the app's own option registrations.
    /// Done on a service collection rather than a test host: a host that fails to start is disposed under the
    /// test host's feet, which sometimes hides the validation message behind an ObjectDisposedException.
    /// </summary>
    private static Exception? Start(string environment, IDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = TestRun.ConnectionString,
            ["Privacy:DataKey"] = ApiFactory.DataKey,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new Env { EnvironmentName = environment });
        services.AddAppOptions();
        services.AddPersonalData();
        services.AddChannelCallbacks();
        services.AddProxyHeaders();
        using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private sealed class Env : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";

        public string ApplicationName { get; set; } = "MaShangYi.Api";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    [Test]
    public void ProductionWithTheDevelopmentSigningKeyRefusesToStart()
    {
        var error = Start("Production", new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = JwtOptions.DevelopmentSigningKey,
            ["WeChat:Mode"] = "Real",
            ["WeChat:AppId"] = "wx0123456789abcdef",
            ["WeChat:AppSecret"] = "secret-from-the-environment",
        });

        Assert.That(error, Is.InstanceOf<OptionsValidationException>());
        Assert.That(error!.Message, Does.Contain("Jwt:SigningKey is the development key"));
    }

    [Test]
    public void ProductionWithSimulatedWeChatRefusesToStart()
    {
        var error = Start("Production", new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = "a-real-secret-signing-key-of-enough-length-42",
            ["WeChat:Mode"] = "Simulated",
        });

        Assert.That(error, Is.InstanceOf<OptionsValidationException>());
        Assert.That(error!.Message, Does.Contain("Simulated in Production"));
    }

    [TestCase("Staging")]
    [TestCase("Production")]
    [TestCase("production-cn")]
    public void SimulatedWeChatOutsideTheEnvironmentsForDevelopmentAndTestsRefusesToStartNamingTheSetting(string environment)
    {
        var error = Start(environment, new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = "a-real-secret-signing-key-of-enough-length-42",
            ["WeChat:Mode"] = "Simulated",
        });

        Assert.That(error, Is.InstanceOf<OptionsValidationException>());
        Assert.That(error!.Message, Does.Contain($"Simulated in {environment}").And.Contain("WeChat__Mode=Real"));
    }

    [TestCase("Development")]
    [TestCase("Testing")]
    [TestCase("Benchmark")]
    public void SimulatedWeChatStartsInTheEnvironmentsForDevelopmentAndTests(string environment)
    {
        var error = Start(environment, new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = "a-real-secret-signing-key-of-enough-length-42",
            ["WeChat:Mode"] = "Simulated",
        });

        Assert.That(error, Is.Null);
    }

    [Test]
    public void LoopbackCallbacksInProductionRefuseToStartNamingTheSetting()
    {
        var error = Start("Production", new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = "a-real-secret-signing-key-of-enough-length-42",
            ["WeChat:Mode"] = "Real",
            ["WeChat:AppId"] = "wx0123456789abcdef",
            ["WeChat:AppSecret"] = "secret-from-the-environment",
            ["Channels:AllowLoopbackCallbacks"] = "true",
        });

        Assert.That(error, Is.InstanceOf<OptionsValidationException>());
        Assert.That(error!.Message, Does.Contain("Channels__AllowLoopbackCallbacks"));
    }

    [Test]
    public void AProxyThatIsNotAnAddressRefusesToStartNamingTheSetting()
    {
        var error = Start("Testing", new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = "a-real-secret-signing-key-of-enough-length-42",
            ["ForwardedHeaders:KnownProxies:0"] = "nginx",
            ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/33",
        });

        Assert.That(error, Is.InstanceOf<OptionsValidationException>());
        Assert.That(error!.Message, Does.Contain("ForwardedHeaders:KnownProxies has 'nginx'").And.Contain("ForwardedHeaders:KnownNetworks has '10.0.0.0/33'"));
    }

    [Test]
    public void RealWeChatWithoutAnAppSecretRefusesToStart()
    {
        var error = Start("Production", new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = "a-real-secret-signing-key-of-enough-length-42",
            ["WeChat:Mode"] = "Real",
            ["WeChat:AppId"] = "wx0123456789abcdef",
        });

        Assert.That(error!.Message, Does.Contain("WeChat:AppSecret is missing"));
    }

    [Test]
    public void AMissingOrShortSigningKeyRefusesToStart()
    {
        var error = Start("Staging", new Dictionary<string, string?> { ["Jwt:SigningKey"] = "short" });

        Assert.That(error!.Message, Does.Contain("at least 32 characters"));
    }

    [Test]
    public void ProductionWithTheDevelopmentDataKeyRefusesToStart()
    {
        var error = Start("Production", new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = "a-real-secret-signing-key-of-enough-length-42",
            ["WeChat:Mode"] = "Real",
            ["WeChat:AppId"] = "wx0123456789abcdef",
            ["WeChat:AppSecret"] = "secret-from-the-environment",
            ["Privacy:DataKey"] = MaShangYi.Api.Infrastructure.Privacy.PrivacyOptions.DevelopmentDataKey,
        });

        Assert.That(error!.Message, Does.Contain("Privacy:DataKey is the development key"));
    }

    [Test]
    public void AProperProductionConfigurationStarts()
    {
        var error = Start("Production", new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = "a-real-secret-signing-key-of-enough-length-42",
            ["WeChat:Mode"] = "Real",
            ["WeChat:AppId"] = "wx0123456789abcdef",
            ["WeChat:AppSecret"] = "secret-from-the-environment",
        });

        Assert.That(error, Is.Null);
    }

    [TestCase("ab", null, "WeChat:PushToken must be 3 to 32 letters or digits")]
    [TestCase("token-with-dash", null, "WeChat:PushToken must be 3 to 32 letters or digits")]
    [TestCase("pushToken1", "tooShort", "WeChat:PushEncodingAesKey must be the 43 letters and digits")]
    [TestCase(null, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "WeChat:PushEncodingAesKey is set but WeChat:PushToken is not")]
    public void ABadPushTokenOrKeyRefusesToStartAndSaysWhatToSet(string? token, string? key, string message)
    {
        var error = Start("Development", new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = JwtOptions.DevelopmentSigningKey,
            ["WeChat:PushToken"] = token,
            ["WeChat:PushEncodingAesKey"] = key,
        });

        Assert.That(error, Is.InstanceOf<OptionsValidationException>());
        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void AWellFormedPushTokenAndKeyStart()
    {
        var error = Start("Production", new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = "a-real-secret-signing-key-of-enough-length-42",
            ["WeChat:Mode"] = "Real",
            ["WeChat:AppId"] = "wx0123456789abcdef",
            ["WeChat:AppSecret"] = "secret-from-the-environment",
            ["WeChat:PushToken"] = "pushToken1",
            ["WeChat:PushEncodingAesKey"] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        });

        Assert.That(error, Is.Null);
    }
}
