using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MaShangYi.Tests.Support;

/// <summary>
/// The test API started as a deployment would be: an environment not named for development or tests, so it needs real
/// WeChat settings, every subscribe-message template and no loopback callbacks (the WeChat client itself stays the
/// recording one).
/// </summary>
public static class DeployedApi
{
    public static WebApplicationFactory<Program> In(string environment, Action<IWebHostBuilder>? configure = null) =>
        TestRun.Api.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("WeChat:Mode", "Real");
            builder.UseSetting("WeChat:AppId", "wx-test-app");
            builder.UseSetting("WeChat:AppSecret", "test-secret");
            builder.UseSetting("Channels:AllowLoopbackCallbacks", "false");
            foreach (var key in new[] { "topic_progress", "new_submission", "task_assigned", "task_overdue", "review_due" })
            {
                builder.UseSetting($"Notifications:Templates:{key}:TemplateId", "tmpl-" + key);
            }

            configure?.Invoke(builder);
        });
}
