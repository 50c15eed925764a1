using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Topics;

public sealed class EscalationTests : ImplementationTest
{
    private static readonly object Proposal = new { kind = "npc_proposal", target = "淮阴区人大常委会", reference = "RD-2026-017" };

    [Test]
    public async Task TheRoomAdminEscalatesAMatterBeyondTheRoomAndTheProposerSeesWhereItWent()
    {
        var id = await AnnouncedTopicAsync();
        Assert.That(AllowedActions(await GetTopicAsync(RoomAdmin, id)), Does.Contain("escalate"));

        var topic = await ActAsync(RoomAdmin, id, "escalate", Proposal);

        Assert.That(Status(topic), Is.EqualTo("escalated"));
        var stored = await QueryAsync<(string Kind, string Target, string Ref)>(
            "SELECT escalation_kind, escalation_target, escalation_ref FROM topics WHERE id = @id", new { id });
        Assert.That(stored.Single(), Is.EqualTo(("npc_proposal", "淮阴区人大常委会", "RD-2026-017")));
        var forProposer = await GetTopicAsync(Resident, id);
        Assert.That(forProposer["escalation"]!["kindName"]!.GetValue<string>(), Is.EqualTo("人大建议"));
        Assert.That(forProposer["escalation"]!["target"]!.GetValue<string>(), Is.EqualTo("淮阴区人大常委会"));
        Assert.That(forProposer["escalation"]!["reference"]!.GetValue<string>(), Is.EqualTo("RD-2026-017"));
        Assert.That(forProposer["timeline"]!.AsArray().Last()!["note"]!.GetValue<string>(), Is.EqualTo("人大建议：淮阴区人大常委会（RD-2026-017）"));
        Assert.That(AllowedActions(topic), Does.Not.Contain("escalate"));
    }

    [Test]
    public async Task ACppccMemberOverTheRoomTurnsATopicIntoAProposalWithoutAReference()
    {
        var id = await AnnouncedTopicAsync();
        var member = await LoginWithRoleAsync("cppcc", Roles.CppccMember, TownCode);
        Assert.That(AllowedActions(await GetTopicAsync(member, id)), Does.Contain("escalate"));

        var topic = await ActAsync(member, id, "escalate", new { kind = "cppcc_proposal", target = "市政协" });

        Assert.That(topic["escalation"]!["kind"]!.GetValue<string>(), Is.EqualTo("cppcc_proposal"));
        Assert.That(topic["escalation"]!["reference"], Is.Null);
        Assert.That(await ScalarAsync<string>("SELECT actor_role FROM topic_events WHERE topic_id = @id AND action = 'escalate'", new { id }), Is.EqualTo(Roles.CppccMember));
    }

    [Test]
    public async Task OnlyStaffOverTheRoomEscalate()
    {
        var id = await AnnouncedTopicAsync();
        var otherCountyAdmin = await LoginWithRoleAsync("x", Roles.RoomAdmin, OtherCountyCode);

        await AssertProblemAsync(await Anonymous.PostAsJsonAsync($"/api/topics/{id}/escalate", Proposal), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await Resident.PostAsJsonAsync($"/api/topics/{id}/escalate", Proposal), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await otherCountyAdmin.PostAsJsonAsync($"/api/topics/{id}/escalate", Proposal), HttpStatusCode.Forbidden, "forbidden");

        Assert.That(AllowedActions(await GetTopicAsync(Resident, id)), Does.Not.Contain("escalate"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE escalation_kind IS NOT NULL OR status = 'escalated'"), Is.Zero);
    }

    [Test]
    public async Task ATopicInImplementationIsNotEscalated()
    {
        var (id, _) = await ImplementingTopicAsync();

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/escalate", Proposal);

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "invalid_transition");
        Assert.That(AllowedActions(await GetTopicAsync(RoomAdmin, id)), Does.Not.Contain("escalate"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE escalation_kind IS NOT NULL"), Is.Zero);
    }

    [Test]
    public async Task BadEscalationInputListsEveryFieldAndWritesNothing()
    {
        var id = await AnnouncedTopicAsync();

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/escalate", new { kind = "petition", target = " ", reference = new string('x', 65) });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "kind", "target", "reference" }));
        Assert.That(await ScalarAsync<string>("SELECT CONCAT(status, COALESCE(escalation_kind, '')) FROM topics WHERE id = @id", new { id }), Is.EqualTo("announced"));
    }
}
