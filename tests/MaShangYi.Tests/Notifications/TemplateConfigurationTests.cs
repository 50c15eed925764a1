using MaShangYi.Api.Features.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MaShangYi.Tests.Notifications;

/// <summary>Templates are checked at start: a deployment that could not send its messages does not start.</summary>
public sealed class TemplateConfigurationTests
{
    private static (Exception? Error, NotificationOptions? Options) Start(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddNotificationOptions();
        using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return (null, provider.GetRequiredService<IOptions<NotificationOptions>>().Value);
        }
        catch (Exception ex)
        {
            return (ex, null);
        }
    }

    private static Dictionary<string, string?> RealWithEveryTemplate() =>
        NotificationTemplates.Defaults.Keys.ToDictionary(k => $"Notifications:Templates:{k}:TemplateId", k => (string?)$"wx-tpl-{k}")
            .Append(new KeyValuePair<string, string?>("WeChat:Mode", "Real"))
            .ToDictionary();

    [Test]
    public void RealWeChatWithoutATemplateIdRefusesToStartAndSaysWhatToSet()
    {
        var settings = RealWithEveryTemplate();
        settings.Remove("Notifications:Templates:review_due:TemplateId");

        var (error, _) = Start(settings);

        Assert.That(error, Is.InstanceOf<OptionsValidationException>());
        Assert.That(error!.Message, Does.Contain("Notifications__Templates__review_due__TemplateId"));
    }

    [Test]
    public void ConfiguredIdsKeepTheDefaultTitlesPagesAndFields()
    {
        var (error, options) = Start(RealWithEveryTemplate());

        Assert.That(error, Is.Null);
        var progress = options!.Templates[NotificationTemplates.TopicProgress];
        Assert.That(progress.TemplateId, Is.EqualTo("wx-tpl-topic_progress"));
        Assert.That(progress.Title, Is.EqualTo("问题进展通知"));
        Assert.That(progress.Page, Is.EqualTo("pages/topic/index?id={topicId}"));
        Assert.That(progress.Fields["status"], Is.EqualTo("phrase2"));
    }

    [Test]
    public void AFieldMapOfTheTemplateActuallyPickedReplacesTheDefault()
    {
        var settings = RealWithEveryTemplate();
        settings["Notifications:Templates:topic_progress:Fields:topic"] = "thing5";
        settings["Notifications:Templates:topic_progress:Fields:time"] = "date2";

        var (error, options) = Start(settings);

        Assert.That(error, Is.Null);
        Assert.That(options!.Templates[NotificationTemplates.TopicProgress].Fields,
            Is.EqualTo(new Dictionary<string, string> { ["topic"] = "thing5", ["time"] = "date2" }));
    }

    [TestCase("topc", "thing1", "not a field of this message")]
    [TestCase("topic", "title1", "is not a WeChat template key")]
    [TestCase("topic", "time1", "is text and cannot fill")]
    public void AFieldMapThatCouldNotBeSentRefusesToStart(string logical, string wechatKey, string message)
    {
        var settings = RealWithEveryTemplate();
        settings[$"Notifications:Templates:topic_progress:Fields:{logical}"] = wechatKey;

        var (error, _) = Start(settings);

        Assert.That(error, Is.InstanceOf<OptionsValidationException>());
        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void APageWithALeadingSlashRefusesToStart()
    {
        var settings = RealWithEveryTemplate();
        settings["Notifications:Templates:task_assigned:Page"] = "/pages/topic/index?id={topicId}";

        var (error, _) = Start(settings);

        Assert.That(error!.Message, Does.Contain("Notifications:Templates:task_assigned:Page"));
    }
}
