using System.Net;

namespace MaShangYi.Tests.Channels;

public sealed class ChannelAuthenticationTests : ChannelTest
{
    [Test]
    public async Task AnItemWithoutACredentialIs401AndWritesNothing()
    {
        await CreateChannelAsync();
        var before = await IntakeSnapshotAsync();

        var response = await PostRequestAsync(ClientWith(null), "A-1");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "channel_credential_missing");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));
        Assert.That(await IntakeSnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AnItemWithAWrongCredentialIs401AndWritesNothing()
    {
        var channel = await CreateChannelAsync();
        var before = await IntakeSnapshotAsync();

        await AssertProblemAsync(await PostRequestAsync(ClientWith(channel.Credential + "x"), "A-1"), HttpStatusCode.Unauthorized, "channel_credential_invalid");
        await AssertProblemAsync(await PostRequestAsync(Resident, "A-1"), HttpStatusCode.Unauthorized, "channel_credential_invalid");

        Assert.That(await IntakeSnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task ARevokedChannelIs403AtOnceAndWritesNothing()
    {
        var channel = await CreateChannelAsync();
        var (receipt, _) = await SendItemAsync(channel.Client, "A-1");
        Assert.That((await CityAdmin.PostAsync($"/api/channels/{channel.Id}/revoke", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var before = await IntakeSnapshotAsync();

        await AssertProblemAsync(await PostRequestAsync(channel.Client, "A-2"), HttpStatusCode.Forbidden, "channel_revoked");
        await AssertProblemAsync(await channel.Client.GetAsync($"/open311/v2/requests/{receipt}.json"), HttpStatusCode.Forbidden, "channel_revoked");

        Assert.That(await IntakeSnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task TheOpen311ApiKeyParameterWorksLikeTheBearerHeader()
    {
        var channel = await CreateChannelAsync();

        var response = await PostRequestAsync(ClientWith(null), "A-1", extra: new() { ["api_key"] = channel.Credential });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());

        var read = await ClientWith(null).GetAsync($"/open311/v2/requests.json?channel_request_id=A-1&api_key={Uri.EscapeDataString(channel.Credential)}");
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonArrayAsync(read)).Count, Is.EqualTo(1));
    }
}
