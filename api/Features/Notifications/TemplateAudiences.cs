using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Api.Features.Notifications;

/// <summary>
/// Who each message is for, so the mini program asks a person only for the templates that can reach them: residents
/// (the proposer and the supporters of a topic) or the holders of given staff roles (the recipients the observer and the
/// reminders pick by role grant).
/// </summary>
public static class TemplateAudiences
{
    public const string Resident = "resident";
    public const string Staff = "staff";

    /// <summary>Each template's staff roles; an empty list means the message goes to residents.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RolesOf = new Dictionary<string, IReadOnlyList<string>>
    {
        [NotificationTemplates.TopicProgress] = [],
        [NotificationTemplates.NewSubmission] = [Roles.Reviewer, Roles.RoomAdmin],
        [NotificationTemplates.TaskAssigned] = [Roles.Implementer],
        [NotificationTemplates.TaskOverdue] = [Roles.Implementer],
        [NotificationTemplates.ReviewDue] = [Roles.RoomAdmin],
    };

    public static string AudienceOf(string key) => RolesOf[key].Count == 0 ? Resident : Staff;

    /// <summary>Whether a person holding <paramref name="roles"/> can receive the template: everyone is a resident.</summary>
    public static bool Reaches(string key, IReadOnlyCollection<string> roles) =>
        RolesOf[key].Count == 0 || RolesOf[key].Any(roles.Contains);
}
