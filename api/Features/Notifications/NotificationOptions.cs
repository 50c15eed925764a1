using System.Text.RegularExpressions;
using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Features.Notifications;

/// <summary>One subscribe-message template, as picked in the WeChat admin console (订阅消息 → 我的模板).</summary>
public sealed class NotificationTemplate
{
    /// <summary>The template id WeChat gives when the template is added to the mini program.</summary>
    public string TemplateId { get; set; } = "";

    /// <summary>The title the resident sees when asked to subscribe (Chinese).</summary>
    public string Title { get; set; } = "";

    /// <summary>The mini program page the message opens; <c>{topicId}</c> is replaced.</summary>
    public string Page { get; set; } = "";

    /// <summary>Our logical fields (topic, status, …) → the template's WeChat keys (thing1, phrase2, time3, …).</summary>
    public Dictionary<string, string> Fields { get; set; } = [];
}

public sealed class ReminderOptions
{
    /// <summary>Run the reminder job in this instance. Every instance may: dedupe keys send each reminder once.</summary>
    public bool Enabled { get; set; } = true;

    public int IntervalMinutes { get; set; } = 60;
}

public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public Dictionary<string, NotificationTemplate> Templates { get; set; } = [];

    /// <summary>developer, trial or formal: which version of the mini program a message opens.</summary>
    public string MiniProgramState { get; set; } = "formal";

    public ReminderOptions Reminders { get; set; } = new();
}

/// <summary>
/// The messages we send and the defaults for each: the Chinese title, the page, and a field map that fits a typical
/// template from WeChat's public library. A deployment sets at least each TemplateId (and the field map of the template
/// it actually picked); in Simulated mode a missing TemplateId becomes "sim-&lt;key&gt;", so nothing must be configured.
/// </summary>
public static class NotificationTemplates
{
    public const string TopicProgress = "topic_progress";
    public const string NewSubmission = "new_submission";
    public const string TaskAssigned = "task_assigned";
    public const string TaskOverdue = "task_overdue";
    public const string ReviewDue = "review_due";

    private const string TopicPage = "pages/topic/index?id={topicId}";

    /// <summary>Each key's default title and fields; a logical field named "time" or "due" carries a date, the others text.</summary>
    public static readonly IReadOnlyDictionary<string, (string Title, Dictionary<string, string> Fields)> Defaults =
        new Dictionary<string, (string, Dictionary<string, string>)>
        {
            [TopicProgress] = ("问题进展通知", new() { ["topic"] = "thing1", ["status"] = "phrase2", ["note"] = "thing3", ["time"] = "time4" }),
            [NewSubmission] = ("新议题待审提醒", new() { ["topic"] = "thing1", ["room"] = "thing2", ["receipt"] = "character_string3", ["time"] = "time4" }),
            [TaskAssigned] = ("落实任务通知", new() { ["task"] = "thing1", ["topic"] = "thing2", ["unit"] = "thing3", ["due"] = "date4" }),
            [TaskOverdue] = ("任务逾期提醒", new() { ["task"] = "thing1", ["unit"] = "thing2", ["due"] = "date3", ["note"] = "thing4" }),
            [ReviewDue] = ("议题跟踪提醒", new() { ["topic"] = "thing1", ["room"] = "thing2", ["due"] = "date3", ["note"] = "thing4" }),
        };

    public static bool IsDateField(string logical) => logical is "time" or "due";

    internal static void FillDefaults(NotificationOptions options, bool simulated)
    {
        foreach (var (key, (title, fields)) in Defaults)
        {
            var template = options.Templates.TryGetValue(key, out var configured) ? configured : options.Templates[key] = new NotificationTemplate();
            if (string.IsNullOrWhiteSpace(template.TemplateId) && simulated)
            {
                template.TemplateId = "sim-" + key;
            }

            template.Title = string.IsNullOrWhiteSpace(template.Title) ? title : template.Title;
            template.Page = string.IsNullOrWhiteSpace(template.Page) ? TopicPage : template.Page;
            if (template.Fields.Count == 0)
            {
                template.Fields = new Dictionary<string, string>(fields);
            }
        }
    }
}

/// <summary>Refuses a start whose templates could not be sent: a missing id, an unknown field, a key of the wrong type.</summary>
internal sealed partial class NotificationRules : IValidateOptions<NotificationOptions>
{
    [GeneratedRegex("^(thing|phrase|name|character_string|number|letter|symbol|time|date|amount|phone_number|car_number)[0-9]{1,2}$")]
    private static partial Regex WeChatKey();

    [GeneratedRegex("^[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*(\\?[A-Za-z0-9_\\-=&{}]*)?$")]
    private static partial Regex PagePattern();

    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, (_, defaults)) in NotificationTemplates.Defaults)
        {
            var at = $"Notifications:Templates:{key}";
            if (!options.Templates.TryGetValue(key, out var template) || string.IsNullOrWhiteSpace(template.TemplateId))
            {
                errors.Add($"{at}:TemplateId is missing: add the template in the WeChat admin console (订阅消息) and set Notifications__Templates__{key}__TemplateId.");
                continue;
            }

            if (!PagePattern().IsMatch(template.Page))
            {
                errors.Add($"{at}:Page must look like pages/topic/index?id={{topicId}} (no leading slash).");
            }

            foreach (var (logical, wechatKey) in template.Fields)
            {
                if (!defaults.ContainsKey(logical))
                {
                    errors.Add($"{at}:Fields:{logical} is not a field of this message; use {string.Join(", ", defaults.Keys)}.");
                }
                else if (!WeChatKey().IsMatch(wechatKey))
                {
                    errors.Add($"{at}:Fields:{logical} = '{wechatKey}' is not a WeChat template key such as thing1, phrase2 or time3.");
                }
                else if (!NotificationTemplates.IsDateField(logical) && TemplateFields.TypeOf(wechatKey) is "time" or "date" or "number" or "amount")
                {
                    errors.Add($"{at}:Fields:{logical} is text and cannot fill the {TemplateFields.TypeOf(wechatKey)} key '{wechatKey}'.");
                }
            }

            if (template.Fields.Count == 0)
            {
                errors.Add($"{at}:Fields must map at least one field to a WeChat key.");
            }
        }

        if (options.MiniProgramState is not ("developer" or "trial" or "formal"))
        {
            errors.Add("Notifications:MiniProgramState must be developer, trial or formal.");
        }

        if (options.Reminders.IntervalMinutes is < 1 or > 1440)
        {
            errors.Add("Notifications:Reminders:IntervalMinutes must be between 1 and 1440.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class NotificationOptionsSetup
{
    /// <summary>Binds Notifications, fills each template's defaults, and validates at start.</summary>
    public static IServiceCollection AddNotificationOptions(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => NotificationTemplates.FillDefaults(
                options, configuration.GetValue($"{WeChatOptions.Section}:{nameof(WeChatOptions.Mode)}", WeChatMode.Simulated) == WeChatMode.Simulated))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationRules>();
        return services;
    }
}
