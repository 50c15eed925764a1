using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace MaShangYi.Tests.Features;

/// <summary>A production start with unsafe settings refuses to start, and says why.</summary>
public sealed class StartupConfigurationTests
{
    private static Exception? Start(string environment, IDictionary<string, string?> settings)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Database:ConnectionString", TestRun.ConnectionString);
            builder.UseSetting("Database:MigrateOnStart", "false");
            builder.UseSetting("Privacy:DataKey", ApiFactory.DataKey);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        try
        {
            _ = factory.Server;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
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
}
