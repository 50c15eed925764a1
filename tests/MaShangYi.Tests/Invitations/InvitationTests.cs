using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Invitations;

public sealed class InvitationTests : ApiTest
{
    private const string Town = "320812001";

    private HttpClient _admin = null!;

    [SetUp]
    public async Task SeedAsync() => _admin = await SeedDemoCityAsync();

    private static string Today(int plusDays = 0) =>
        MaShangYi.Api.Infrastructure.Time.LocalDate.Today(Api.Clock).AddDays(plusDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JsonObject> InviteAsync(object? extra = null, HttpClient? admin = null, string regionCode = Town)
    {
        var body = new JsonObject { ["role"] = "reviewer", ["regionId"] = await RegionIdAsync(regionCode) };
        foreach (var (key, value) in JsonSerializerNode(extra))
        {
            body[key] = value?.DeepClone();
        }

        var response = await (admin ?? _admin).PostAsJsonAsync("/api/invitations", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    private static JsonObject JsonSerializerNode(object? value) =>
        value is null ? new JsonObject() : System.Text.Json.JsonSerializer.SerializeToNode(value, Web)!.AsObject();

    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static Task<HttpResponseMessage> AcceptAsync(HttpClient invitee, JsonObject invitation, string name = "李明") =>
        invitee.PostAsJsonAsync($"/api/invitations/by-scene/{invitation["scene"]}/accept", new { name });

    private static Task<long> UserIdAsync(string code) =>
        ScalarAsync<long>("SELECT id FROM users WHERE openid = @openId", new { openId = SimulatedWeChatClient.OpenIdFor(code) });

    private async Task<JsonObject> ListedAsync(long id) =>
        (await ReadJsonAsync(await _admin.GetAsync("/api/invitations")))["items"]!.AsArray().Single(i => i!["id"]!.GetValue<long>() == id)!.AsObject();

    [Test]
    public async Task AnInviteeAcceptsUnderTheirNameAndTheGrantIsListedByNameRoleAndRegion()
    {
        var invitation = await InviteAsync(new { note = "负责长西街道的审题" });
        Assert.That(invitation["scene"]!.GetValue<string>(), Does.Match("^I[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{15}$"));
        Assert.That((invitation["status"]!.GetValue<string>(), invitation["expiresOn"]!.GetValue<string>(), invitation["maxAccepts"]!.GetValue<int>()),
            Is.EqualTo(("pending", Today(7), 1)));
        Assert.That(invitation["text"]!.GetValue<string>(), Does.StartWith("邀请你担任 长西街道 的 审核人员"));
        Assert.That(invitation["codeUrl"]!.GetValue<string>(), Is.EqualTo($"/api/invitations/{invitation["id"]}/code"));
        var (invitee, inviteeId) = await LoginAsync("invitee");

        var preview = await ReadJsonAsync(await invitee.GetAsync($"/api/invitations/by-scene/{invitation["scene"]!.GetValue<string>().ToLowerInvariant()}"));
        var accepted = await AcceptAsync(invitee, invitation, " 李明 ");

        Assert.That((preview["roleName"]!.GetValue<string>(), preview["regionName"]!.GetValue<string>(), preview["status"]!.GetValue<string>()),
            Is.EqualTo(("审核人员", "长西街道", "pending")));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await accepted.Content.ReadAsStringAsync());
        var grant = (await ReadJsonAsync(accepted))["grant"]!;
        Assert.That((grant["userName"]!.GetValue<string>(), grant["role"]!.GetValue<string>(), grant["regionName"]!.GetValue<string>()), Is.EqualTo(("李明", "reviewer", "长西街道")));
        Assert.That(await QueryAsync<(long UserId, long GrantedBy)>("SELECT user_id, granted_by FROM role_grants WHERE role = 'reviewer'"),
            Is.EqualTo(new[] { (inviteeId, await UserIdAsync("city-admin")) }));
        Assert.That(await ScalarAsync<string>("SELECT display_name FROM users WHERE id = @inviteeId", new { inviteeId }), Is.EqualTo("李明"));

        var listed = await ListedAsync(invitation["id"]!.GetValue<long>());
        Assert.That(listed["status"]!.GetValue<string>(), Is.EqualTo("accepted"));
        Assert.That(listed["accepted"]!.AsArray().Select(a => a!["userName"]!.GetValue<string>()), Is.EqualTo(new[] { "李明" }));
        var grants = await ReadJsonArrayAsync(await _admin.GetAsync($"/api/grants?regionId={await RegionIdAsync(Town)}"));
        Assert.That(grants.Select(g => (g!["userName"]!.GetValue<string>(), g["roleName"]!.GetValue<string>(), g["regionName"]!.GetValue<string>())),
            Is.EqualTo(new[] { ("李明", "审核人员", "长西街道") }));
        Assert.That((await ReadJsonAsync(await invitee.GetAsync("/api/me")))["grants"]!.AsArray().Single()!["role"]!.GetValue<string>(), Is.EqualTo("reviewer"));
    }

    [Test]
    public async Task AnExpiredInvitationIsRefusedWith410AndGrantsNothing()
    {
        var invitation = await InviteAsync(new { expiresOn = Today(1) });
        Api.Clock.Advance(TimeSpan.FromDays(2));
        var (invitee, _) = await LoginAsync("invitee");
        _admin = (await LoginAsync("city-admin")).Client;

        await AssertProblemAsync(await AcceptAsync(invitee, invitation), HttpStatusCode.Gone, "invitation_expired");
        Assert.That((await ListedAsync(invitation["id"]!.GetValue<long>()))["status"]!.GetValue<string>(), Is.EqualTo("expired"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM role_grants WHERE role = 'reviewer'"), Is.Zero);
    }

    [Test]
    public async Task ARevokedInvitationIsRefusedWith410AndGrantsNothing()
    {
        var invitation = await InviteAsync();
        var (invitee, _) = await LoginAsync("invitee");

        var revoked = await _admin.PostAsync($"/api/invitations/{invitation["id"]}/revoke", null);

        Assert.That((await ReadJsonAsync(revoked))["status"]!.GetValue<string>(), Is.EqualTo("revoked"));
        await AssertProblemAsync(await AcceptAsync(invitee, invitation), HttpStatusCode.Gone, "invitation_revoked");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM role_grants WHERE role = 'reviewer'"), Is.Zero);
    }

    [Test]
    public async Task AnInvitationTakesAsManyAsItsMaxAcceptsAndNoMore()
    {
        var forOne = await InviteAsync();
        var forTwo = await InviteAsync(new { maxAccepts = 2, role = "volunteer" });
        var people = new List<HttpClient>();
        for (var i = 0; i < 3; i++)
        {
            people.Add((await LoginAsync($"person-{i}")).Client);
        }

        Assert.That((await AcceptAsync(people[0], forOne, "甲")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertProblemAsync(await AcceptAsync(people[1], forOne, "乙"), HttpStatusCode.Conflict, "invitation_used_up");
        Assert.That((await AcceptAsync(people[1], forTwo, "乙")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await AcceptAsync(people[2], forTwo, "丙")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertProblemAsync(await AcceptAsync(people[0], forTwo, "甲"), HttpStatusCode.Conflict, "invitation_used_up");

        var listed = await ListedAsync(forTwo["id"]!.GetValue<long>());
        Assert.That(listed["accepted"]!.AsArray().Select(a => a!["userName"]!.GetValue<string>()), Is.EqualTo(new[] { "乙", "丙" }));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM role_grants WHERE role IN ('reviewer', 'volunteer')"), Is.EqualTo(3));
    }

    [Test]
    public async Task RacingAcceptancesOfAOnePlaceInvitationGrantOnce()
    {
        var invitation = await InviteAsync();
        var people = new List<HttpClient>();
        for (var i = 0; i < 6; i++)
        {
            people.Add((await LoginAsync($"racer-{i}")).Client);
        }

        var answers = await Task.WhenAll(people.Select((p, i) => AcceptAsync(p, invitation, $"人{i}")));

        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(answers.Where(a => a.StatusCode != HttpStatusCode.OK).Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await ScalarAsync<string>(
            "SELECT CONCAT((SELECT COUNT(*) FROM role_grants WHERE role = 'reviewer'), '/', (SELECT accepted_count FROM invitations), '/', (SELECT COUNT(*) FROM invitation_acceptances))"),
            Is.EqualTo("1/1/1"));
    }

    [Test]
    public async Task AcceptingTwiceOrARoleAlreadyHeldIs409AndTakesNoPlace()
    {
        var invitation = await InviteAsync(new { maxAccepts = 3 });
        var (invitee, _) = await LoginAsync("invitee");
        var holder = await LoginWithRoleAsync("holder", "reviewer", Town);
        Assert.That((await AcceptAsync(invitee, invitation)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await AssertProblemAsync(await AcceptAsync(invitee, invitation), HttpStatusCode.Conflict, "already_accepted");
        await AssertProblemAsync(await AcceptAsync(holder, invitation, "老王"), HttpStatusCode.Conflict, "grant_exists");

        Assert.That(await ScalarAsync<int>("SELECT accepted_count FROM invitations"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE display_name = '老王'"), Is.Zero);
    }

    [TestCase("mayor", null, null, null, null, "role")]
    [TestCase("implementer", null, null, null, null, "unit")]
    [TestCase("reviewer", null, -1, null, null, "expiresOn")]
    [TestCase("reviewer", null, 91, null, null, "expiresOn")]
    [TestCase("reviewer", null, null, 0, null, "maxAccepts")]
    [TestCase("reviewer", null, null, 101, null, "maxAccepts")]
    [TestCase("reviewer", null, null, null, 201, "note")]
    public async Task ABadInvitationIs400NamingTheFieldAndWritesNothing(string role, string? unit, int? expiresInDays, int? maxAccepts, int? noteLength, string field)
    {
        var response = await _admin.PostAsJsonAsync("/api/invitations", new
        {
            role, regionId = await RegionIdAsync(Town), unit,
            expiresOn = expiresInDays is { } days ? Today(days) : null, maxAccepts,
            note = noteLength is { } length ? new string('注', length) : null,
        });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM invitations"), Is.Zero);
    }

    [TestCase(null, "请选择角色。")]
    [TestCase("mayor", "没有这个角色，请在志愿者/网格员、审核人员、议事室管理员、政协委员、承办单位、区域管理员中选一个。")]
    public async Task ARoleNotChosenOrUnknownIsNamedInTheWordsTheAdminChoseFrom(string? role, string message)
    {
        var invitation = await _admin.PostAsJsonAsync("/api/invitations", new { role, regionId = await RegionIdAsync(Town) });
        var grant = await _admin.PostAsJsonAsync("/api/grants", new { userId = 1, role, regionId = await RegionIdAsync(Town) });

        foreach (var response in new[] { invitation, grant })
        {
            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
            Assert.That(problem["errors"]!["role"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { message }));
        }
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("一二三四五六七八九十一二三四五六七八九十一")]
    [TestCase("李\u0007明")]
    public async Task ABadNameIs400AndNothingIsGranted(string name)
    {
        var invitation = await InviteAsync();
        var (invitee, _) = await LoginAsync("invitee");
        var before = await SnapshotAsync();

        var problem = await AssertProblemAsync(await AcceptAsync(invitee, invitation, name), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "name" }));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(await ScalarAsync<int>("SELECT accepted_count FROM invitations"), Is.Zero);
    }

    [Test]
    public async Task OnlyAnAdminOfTheRegionInvitesListsRevokesOrPrintsTheCode()
    {
        var countyAdmin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var (resident, _) = await LoginAsync("resident");
        var elsewhere = await InviteAsync(regionCode: "320803");

        var invite = await countyAdmin.PostAsJsonAsync("/api/invitations", new { role = "reviewer", regionId = await RegionIdAsync("320803") });
        var list = await countyAdmin.GetAsync($"/api/invitations?regionId={await RegionIdAsync("320803")}");
        var revoke = await countyAdmin.PostAsync($"/api/invitations/{elsewhere["id"]}/revoke", null);
        var code = await countyAdmin.GetAsync($"/api/invitations/{elsewhere["id"]}/code");

        await AssertProblemAsync(invite, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(list, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(revoke, HttpStatusCode.NotFound, "invitation_not_found");
        await AssertProblemAsync(code, HttpStatusCode.NotFound, "invitation_not_found");
        await AssertProblemAsync(await resident.GetAsync("/api/invitations"), HttpStatusCode.Forbidden, "forbidden");
        Assert.That((await ReadJsonAsync(await countyAdmin.GetAsync("/api/invitations")))["items"]!.AsArray(), Is.Empty);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM invitations WHERE revoked_at IS NULL"), Is.EqualTo(1));
    }

    [Test]
    public async Task AnInvitationOfAnAdminWhoLostTheRoleNoLongerWorks()
    {
        var countyAdmin = await LoginWithRoleAsync("qjp-admin", "region_admin", "320812");
        var invitation = await InviteAsync(admin: countyAdmin);
        await ExecuteAsync("DELETE FROM role_grants WHERE user_id = @id", new { id = await UserIdAsync("qjp-admin") });
        var (invitee, _) = await LoginAsync("invitee");

        await AssertProblemAsync(await AcceptAsync(invitee, invitation), HttpStatusCode.Gone, "invitation_revoked");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM role_grants WHERE role = 'reviewer'"), Is.Zero);
    }

    [Test]
    public async Task ListingFiltersByStatusAndRefusesAnUnknownOne()
    {
        var accepted = await InviteAsync();
        var revoked = await InviteAsync();
        var pending = await InviteAsync();
        await AcceptAsync((await LoginAsync("invitee")).Client, accepted);
        await _admin.PostAsync($"/api/invitations/{revoked["id"]}/revoke", null);

        var listed = new Dictionary<string, long[]>();
        foreach (var status in new[] { "pending", "accepted", "revoked", "expired" })
        {
            var page = await ReadJsonAsync(await _admin.GetAsync($"/api/invitations?status={status}&regionId={await RegionIdAsync("320800")}"));
            listed[status] = [.. page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>())];
        }

        Assert.That(listed["pending"], Is.EqualTo(new[] { pending["id"]!.GetValue<long>() }));
        Assert.That(listed["accepted"], Is.EqualTo(new[] { accepted["id"]!.GetValue<long>() }));
        Assert.That(listed["revoked"], Is.EqualTo(new[] { revoked["id"]!.GetValue<long>() }));
        Assert.That(listed["expired"], Is.Empty);
        var problem = await AssertProblemAsync(await _admin.GetAsync("/api/invitations?status=done"), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "status" }));
    }

    [Test]
    public async Task TheInvitationsCodeOpensTheInvitationPageAndIsMadeOnce()
    {
        var invitation = await InviteAsync();

        var first = await _admin.GetAsync(invitation["codeUrl"]!.GetValue<string>());
        var second = await _admin.GetAsync(invitation["codeUrl"]!.GetValue<string>());

        Assert.That((first.StatusCode, first.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.OK, "image/png")));
        Assert.That(await second.Content.ReadAsByteArrayAsync(), Is.EqualTo(await first.Content.ReadAsByteArrayAsync()));
        var asked = Api.WeChat.CodeRequests.Single();
        Assert.That((asked.Scene, asked.Page), Is.EqualTo((invitation["scene"]!.GetValue<string>(), "pages/invitation/index")));
    }

    [Test]
    public async Task AScanThatIsNoInvitationIs400AndAnUnknownOneIs404()
    {
        var (invitee, _) = await LoginAsync("invitee");

        var malformed = await AssertProblemAsync(await invitee.GetAsync("/api/invitations/by-scene/L23456789ABCDEFG"), HttpStatusCode.BadRequest, "validation_failed");
        await AssertProblemAsync(await invitee.GetAsync("/api/invitations/by-scene/I23456789ABCDEFG"), HttpStatusCode.NotFound, "invitation_not_found");
        await AssertProblemAsync(await invitee.PostAsJsonAsync("/api/invitations/by-scene/I23456789ABCDEFG/accept", new { name = "李明" }), HttpStatusCode.NotFound, "invitation_not_found");

        Assert.That(malformed["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "scene" }));
    }
}
