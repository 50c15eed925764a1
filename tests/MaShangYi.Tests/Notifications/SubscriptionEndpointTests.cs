using System.Net;
using System.Net.Http.Json;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Notifications;

/// <summary>The two endpoints the mini program already calls: the templates to ask for, and the acceptances given.</summary>
public sealed class SubscriptionEndpointTests : ApiTest
{
    [Test]
    public async Task AnyoneGetsTheTemplatesWithTheirIdsAndChineseTitles()
    {
        var response = await Anonymous.GetAsync("/api/subscriptions/templates");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var list = await ReadJsonArrayAsync(response);
        Assert.That(list.Select(t => t!["key"]!.GetValue<string>()),
            Is.EqualTo(new[] { "topic_progress", "new_submission", "task_assigned", "task_overdue", "review_due" }));
        Assert.That(list.Select(t => t!["templateId"]!.GetValue<string>()), Is.All.StartsWith("sim-"), "Simulated mode needs no configuration");
        Assert.That(list.Select(t => t!["title"]!.GetValue<string>()), Is.All.Match(@"^\p{IsCJKUnifiedIdeographs}+$"));
    }

    [Test]
    public async Task AcceptancesAreCountedForTheCaller()
    {
        var (client, userId) = await LoginAsync("resident");

        var first = await client.PostAsJsonAsync("/api/me/subscriptions", new { templateId = "sim-topic_progress", accepted = 1 });
        var second = await client.PostAsJsonAsync("/api/me/subscriptions", new { templateId = "sim-topic_progress", accepted = 2 });

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(second))["remaining"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(await ScalarAsync<int>("SELECT credits FROM subscription_credits WHERE user_id = @userId", new { userId }), Is.EqualTo(3));
    }

    [Test]
    public async Task AnUnknownTemplateIsAFieldErrorAndRecordsNothing()
    {
        var (client, _) = await LoginAsync("resident");

        var response = await client.PostAsJsonAsync("/api/me/subscriptions", new { templateId = "not-ours", accepted = 1 });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["templateId"], Is.Not.Null);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM subscription_credits"), Is.Zero);
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(11)]
    public async Task AnAcceptanceCountOutsideOneToTenIsAFieldError(int accepted)
    {
        var (client, _) = await LoginAsync("resident");

        var response = await client.PostAsJsonAsync("/api/me/subscriptions", new { templateId = "sim-topic_progress", accepted });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["accepted"], Is.Not.Null);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM subscription_credits"), Is.Zero);
    }

    [Test]
    public async Task RecordingAcceptancesAnonymouslyIs401()
    {
        var response = await Anonymous.PostAsJsonAsync("/api/me/subscriptions", new { templateId = "sim-topic_progress", accepted = 1 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM subscription_credits"), Is.Zero);
    }
}
