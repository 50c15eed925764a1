using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Channels;

public sealed class ChannelManagementTests : ChannelTest
{
    [Test]
    public async Task TheCityAdminCreatesAChannelAndSeesItsCredentialOnceStoredOnlyAsAHash()
    {
        var channel = await CreateChannelAsync();

        Assert.That(channel.Credential, Does.StartWith("msy_").And.Length.GreaterThanOrEqualTo(4 + 43), "32 random bytes, base64url");
        var stored = await ScalarAsync<byte[]>("SELECT credential_hash FROM channels WHERE id = @Id", new { channel.Id });
        Assert.That(stored, Is.EqualTo(SHA256.HashData(Encoding.UTF8.GetBytes(channel.Credential))));
        var secretColumn = await ScalarAsync<byte[]>("SELECT signing_secret_enc FROM channels WHERE id = @Id", new { channel.Id });
        Assert.That(Encoding.UTF8.GetString(secretColumn), Does.Not.Contain(channel.SigningSecret[6..]), "the signing secret is encrypted at rest");

        var list = await CityAdmin.GetStringAsync("/api/channels");
        Assert.That(list, Does.Contain("12345热线").And.Not.Contain(channel.Credential).And.Not.Contain(channel.SigningSecret));
    }

    [Test]
    public async Task OnlyAnAdminOfACityManagesChannelsAndARefusalWritesNothing()
    {
        var countyAdmin = await LoginWithRoleAsync("county-admin", Roles.RegionAdmin, "320812");
        var channel = await CreateChannelAsync();

        foreach (var client in new[] { countyAdmin, RoomAdmin, Resident })
        {
            await AssertProblemAsync(await client.PostAsJsonAsync("/api/channels", new { name = "政协提案", kind = "cppcc_proposal" }), HttpStatusCode.Forbidden, "forbidden");
            await AssertProblemAsync(await client.PostAsync($"/api/channels/{channel.Id}/revoke", null), HttpStatusCode.Forbidden, "forbidden");
            await AssertProblemAsync(await client.GetAsync("/api/channels"), HttpStatusCode.Forbidden, "forbidden");
        }

        await AssertProblemAsync(await Anonymous.PostAsJsonAsync("/api/channels", new { name = "x", kind = "other" }), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM channels"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<DateTime?>("SELECT revoked_at FROM channels"), Is.Null);
    }

    [Test]
    public async Task AChannelWithAnUnknownKindIsRefusedWithFieldErrors()
    {
        var response = await CityAdmin.PostAsJsonAsync("/api/channels", new { name = "", kind = "fax" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "name", "kind" }));
        // In the words the console offers, never the codes.
        Assert.That(problem["errors"]!["kind"]![0]!.GetValue<string>(), Is.EqualTo("没有这个渠道类型，请在12345热线、政协委员提案、其他渠道中选一个。"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM channels"), Is.Zero);

        var unchosen = await AssertProblemAsync(await CityAdmin.PostAsJsonAsync("/api/channels", new { name = "热线", kind = "" }), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(unchosen["errors"]!["kind"]![0]!.GetValue<string>(), Is.EqualTo("请选择渠道类型。"));
    }

    [Test]
    public async Task RotatingTheCredentialStopsTheOldOneAtOnceAndTheNewOneWorks()
    {
        var channel = await CreateChannelAsync();

        var response = await CityAdmin.PostAsync($"/api/channels/{channel.Id}/rotate", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var fresh = (await ReadJsonAsync(response))["credential"]!.GetValue<string>();

        Assert.That(fresh, Is.Not.EqualTo(channel.Credential));
        await AssertProblemAsync(await channel.Client.GetAsync("/open311/v2/requests.json"), HttpStatusCode.Unauthorized, "channel_credential_invalid");
        Assert.That((await ClientWith(fresh).GetAsync("/open311/v2/requests.json")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
