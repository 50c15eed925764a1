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
    public async Task EachTemplateSaysWhetherItIsForResidentsOrForWhichStaffRoles()
    {
        var list = await ReadJsonArrayAsync(await Anonymous.GetAsync("/api/subscriptions/templates"));

        var audiences = list.ToDictionary(t => t!["key"]!.GetValue<string>(), t => (
            Audience: t!["audience"]!.GetValue<string>(),
            Roles: string.Join(",", t["roles"]!.AsArray().Select(r => r!.GetValue<string>()))));
        Assert.That(audiences, Is.EqualTo(new Dictionary<string, (string, string)>
        {
            ["topic_progress"] = ("resident", ""),
            ["new_submission"] = ("staff", "reviewer,room_admin"),
            ["task_assigned"] = ("staff", "implementer"),
            ["task_overdue"] = ("staff", "implementer"),
            ["review_due"] = ("staff", "room_admin"),
        }));
    }

    [Test]
    public async Task AResidentsOwnTemplatesAreTheResidentOnesWithTheCreditsLeft()
    {
        var (client, _) = await LoginAsync("resident");
        await client.PostAsJsonAsync("/api/me/subscriptions", new { templateId = "sim-topic_progress", accepted = 2 });

        var response = await client.GetAsync("/api/me/subscriptions");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var list = await ReadJsonArrayAsync(response);
        Assert.That(list.Select(t => (t!["key"]!.GetValue<string>(), t["remaining"]!.GetValue<int>())),
            Is.EqualTo(new[] { ("topic_progress", 2) }));
    }

    [Test]
    public async Task StaffSeeTheTemplatesOfTheirRolesWithHowManyMessagesEachCanStillCarry()
    {
        await SeedDemoCityAsync();
        var staff = await LoginWithRoleAsync("reviewer-and-implementer", "reviewer", "320812001");
        var userId = await ScalarAsync<long>("SELECT user_id FROM role_grants WHERE role = 'reviewer'");
        await ExecuteAsync("INSERT INTO role_grants (user_id, role, region_id, unit, created_at) SELECT @userId, 'implementer', id, '住建局', NOW(3) FROM regions WHERE code = '320812'", new { userId });
        await staff.PostAsJsonAsync("/api/me/subscriptions", new { templateId = "sim-new_submission", accepted = 3 });
        await staff.PostAsJsonAsync("/api/me/subscriptions", new { templateId = "sim-task_overdue", accepted = 1 });

        var list = await ReadJsonArrayAsync(await staff.GetAsync("/api/me/subscriptions"));

        Assert.That(list.Select(t => (t!["key"]!.GetValue<string>(), t["audience"]!.GetValue<string>(), t["remaining"]!.GetValue<int>())), Is.EqualTo(new[]
        {
            ("topic_progress", "resident", 0),
            ("new_submission", "staff", 3),
            ("task_assigned", "staff", 0),
            ("task_overdue", "staff", 1),
        }), "a reviewer and implementer is not offered the room admins' review_due");
    }

    [Test]
    public async Task ReadingOnesOwnCreditsAnonymouslyIs401()
    {
        var response = await Anonymous.GetAsync("/api/me/subscriptions");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
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
