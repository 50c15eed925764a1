using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Outbox;

namespace MaShangYi.Api.Features.Notifications;

public static class NotificationSetup
{
    /// <summary>Templates (validated at start), the topic observer that writes messages, their sender, and the reminder job.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddNotificationOptions();
        services.AddSingleton<Notifier>();
        services.AddScoped<ITopicObserver, NotificationObserver>();
        services.AddOutboxHandler<SubscribeMessageHandler>();
        services.AddScoped<Reminders>();
        services.AddHostedService<ReminderWorker>();
        return services;
    }
}
