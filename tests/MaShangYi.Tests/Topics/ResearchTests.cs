using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

public sealed class ResearchTests : TopicTest
{
    private static readonly object Report = new { title = "路灯维修调研", body = "走访三号楼住户 12 户，均反映夜间照明不足，建议更换灯具。", authorUnit = "清河区政协" };

    private HttpClient Member { get; set; } = null!;

    [SetUp]
    public async Task SetUpMemberAsync() => Member = await LoginWithRoleAsync("cppcc-member", Roles.CppccMember, TownCode, "清河区政协");

    private async Task<long> ResearchingTopicAsync()
    {
        var id = await AnnouncedTopicAsync();
        await ActAsync(RoomAdmin, id, "research", new { note = "先走访住户" });
        return id;
    }

    [Test]
    public async Task ARoomAdminStartsResearchAndTheTimelineSaysSo()
    {
        var id = await AnnouncedTopicAsync();

        var topic = await ActAsync(RoomAdmin, id, "research", new { note = "先走访住户" });

        Assert.That(Status(topic), Is.EqualTo("researching"));
        var started = topic["timeline"]!.AsArray().Last()!;
        Assert.That(started["action"]!.GetValue<string>(), Is.EqualTo("start_research"));
        Assert.That(started["note"]!.GetValue<string>(), Is.EqualTo("先走访住户"));
        Assert.That(started["actorRole"]!.GetValue<string>(), Is.EqualTo("议事室管理员"));
        Assert.That(AllowedActions(topic), Does.Contain("add_report"));
    }

    [Test]
    public async Task ACppccMemberOverTheRoomMayStartResearchToo()
    {
        var id = await AnnouncedTopicAsync();

        var topic = await ActAsync(Member, id, "research", new { });

        Assert.That(Status(topic), Is.EqualTo("researching"));
        Assert.That(topic["timeline"]!.AsArray().Last()!["actorRole"]!.GetValue<string>(), Is.EqualTo("政协委员"));
    }

    [Test]
    public async Task AReportFiledByACppccMemberAppearsInTheTopicForEveryoneByRoleAndUnitOnly()
    {
        var id = await ResearchingTopicAsync();

        var topic = await ActAsync(Member, id, "reports", Report);

        var report = topic["reports"]!.AsArray().Single()!;
        Assert.That(report["title"]!.GetValue<string>(), Is.EqualTo("路灯维修调研"));
        Assert.That(report["authorRole"]!.GetValue<string>(), Is.EqualTo("cppcc_member"));
        Assert.That(report["authorRoleName"]!.GetValue<string>(), Is.EqualTo("政协委员"));
        Assert.That(report["authorUnit"]!.GetValue<string>(), Is.EqualTo("清河区政协"));
        Assert.That(report["round"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(topic["timeline"]!.AsArray().Last()!["action"]!.GetValue<string>(), Is.EqualTo("add_report"));
        Assert.That(Status(topic), Is.EqualTo("researching"), "a report does not move the topic");
        var publicText = await (await Anonymous.GetAsync($"/api/topics/{id}")).Content.ReadAsStringAsync();
        Assert.That(JsonNode.Parse(publicText)!["reports"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(publicText, Does.Not.Contain(SimulatedWeChatClient.OpenIdFor("cppcc-member")));
    }

    [Test]
    public async Task ARoomAdminsReportCarriesTheRoomAdminRole()
    {
        var id = await ResearchingTopicAsync();

        var topic = await ActAsync(RoomAdmin, id, "reports", Report);

        Assert.That(topic["reports"]!.AsArray().Single()!["authorRole"]!.GetValue<string>(), Is.EqualTo("room_admin"));
    }

    [Test]
    public async Task AReportOnATopicNotUnderResearchIs409AndStoresNothing()
    {
        var id = await AnnouncedTopicAsync();

        var response = await Member.PostAsJsonAsync($"/api/topics/{id}/reports", Report);

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict, "invalid_transition");
        Assert.That(problem["currentStatus"]!.GetValue<string>(), Is.EqualTo("announced"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM research_reports"), Is.Zero);
    }

    [Test]
    public async Task ResidentsReviewersAndMembersOfAnotherCountyMayNeitherResearchNorReport()
    {
        var id = await ResearchingTopicAsync();
        var announced = await AnnouncedTopicAsync();
        var otherMember = await LoginWithRoleAsync("other-member", Roles.CppccMember, OtherCountyCode, "清江浦区政协");

        foreach (var client in new[] { Resident, Reviewer, otherMember })
        {
            await AssertProblemAsync(await client.PostAsJsonAsync($"/api/topics/{id}/reports", Report), HttpStatusCode.Forbidden, "forbidden");
            await AssertProblemAsync(await client.PostAsJsonAsync($"/api/topics/{announced}/research", new { }), HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM research_reports"), Is.Zero);
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @announced", new { announced }), Is.EqualTo("announced"));
    }

    [Test]
    public async Task AReportWithoutTitleBodyOrUnitIs400NamingEachField()
    {
        var id = await ResearchingTopicAsync();

        var response = await Member.PostAsJsonAsync($"/api/topics/{id}/reports", new { title = " ", body = "", authorUnit = new string('单', 101) });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "title", "body", "authorUnit" }));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM research_reports"), Is.Zero);
    }
}
