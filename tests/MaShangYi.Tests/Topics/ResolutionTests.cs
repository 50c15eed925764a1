using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Topics;

public sealed class ResolutionTests : MeetingTest
{
    [Test]
    public async Task TheRoomAdminPublishesTheResolutionAndItIsPublicForCommentAndSupervision()
    {
        var (id, _) = await DeliberatedTopicAsync();

        var topic = await ActAsync(RoomAdmin, id, "resolution", new { text = " 由物业在两周内更换三号楼前路灯。 ", deadline = Today(14) });

        Assert.That(Status(topic), Is.EqualTo("resolution_published"));
        Assert.That(topic["resolution"]!["text"]!.GetValue<string>(), Is.EqualTo("由物业在两周内更换三号楼前路灯。"));
        Assert.That(topic["resolution"]!["deadline"]!.GetValue<string>(), Is.EqualTo(Today(14)));
        Assert.That(topic["timeline"]!.AsArray().Last()!["action"]!.GetValue<string>(), Is.EqualTo("publish_resolution"));
        Assert.That(await ScalarAsync<string>("SELECT resolution_text FROM topics WHERE id = @id", new { id }), Is.EqualTo("由物业在两周内更换三号楼前路灯。"));
        Assert.That(await ScalarAsync<DateTime>("SELECT resolution_deadline FROM topics WHERE id = @id", new { id }),
            Is.EqualTo(DateTime.Parse(Today(14), System.Globalization.CultureInfo.InvariantCulture)));
        var publicView = await ReadJsonAsync(await Anonymous.GetAsync($"/api/topics/{id}"));
        Assert.That(publicView["resolution"]!["text"]!.GetValue<string>(), Is.EqualTo("由物业在两周内更换三号楼前路灯。"));
        var forResident = await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{id}"));
        Assert.That(AllowedActions(forResident), Does.Contain("comment").And.Contain("support").And.Not.Contain("publish_resolution"));
        Assert.That(AllowedActions(topic), Does.Contain("add_task").And.Not.Contain("publish_resolution"));
    }

    [TestCase(0)]
    [TestCase(-3)]
    public async Task ADeadlineThatIsNotAfterTodayIsRefusedAndNothingIsWritten(int days)
    {
        var (id, _) = await DeliberatedTopicAsync();

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/resolution", new { text = "决议", deadline = Today(days) });

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "resolution_deadline_past");
        Assert.That(problem["errors"]!["deadline"]![0]!.GetValue<string>(), Is.EqualTo("落实期限须晚于今天。"), "shown under the deadline field");
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("deliberated"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE resolution_text IS NOT NULL"), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE action = 'publish_resolution'"), Is.Zero);
    }

    [Test]
    public async Task BadResolutionInputListsEveryFieldAndWritesNothing()
    {
        var (id, _) = await DeliberatedTopicAsync();

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/resolution", new { text = "  " });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.SupersetOf(new[] { "text", "deadline" }));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE resolution_text IS NOT NULL"), Is.Zero);
    }

    [Test]
    public async Task OnlyARoomAdminOverTheRoomMayPublishAResolution()
    {
        var (id, _) = await DeliberatedTopicAsync();
        var otherCounty = await LoginWithRoleAsync("x", Roles.RoomAdmin, OtherCountyCode);
        var body = new { text = "决议", deadline = Today(14) };

        await AssertProblemAsync(await Anonymous.PostAsJsonAsync($"/api/topics/{id}/resolution", body), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await Resident.PostAsJsonAsync($"/api/topics/{id}/resolution", body), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await Reviewer.PostAsJsonAsync($"/api/topics/{id}/resolution", body), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await otherCounty.PostAsJsonAsync($"/api/topics/{id}/resolution", body), HttpStatusCode.Forbidden, "forbidden");

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE resolution_text IS NOT NULL"), Is.Zero);
        Assert.That(AllowedActions(await ReadJsonAsync(await RoomAdmin.GetAsync($"/api/topics/{id}"))), Does.Contain("publish_resolution"));
        Assert.That(AllowedActions(await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{id}"))), Does.Not.Contain("publish_resolution"));
    }

    [Test]
    public async Task AResolutionNeedsTheMeetingToHaveBeenHeld()
    {
        var (id, _) = await ScheduledTopicAsync();

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/resolution", new { text = "决议", deadline = Today(14) });

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "invalid_transition");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE resolution_text IS NOT NULL"), Is.Zero);
        Assert.That(AllowedActions(await ReadJsonAsync(await RoomAdmin.GetAsync($"/api/topics/{id}"))), Does.Not.Contain("publish_resolution"));
    }
}
