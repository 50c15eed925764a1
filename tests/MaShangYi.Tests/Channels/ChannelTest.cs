using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.Outbox;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Channels;

/// <summary>Base for intake channel tests: the demo city (TopicTest) and helpers that create channels and post Open311 requests.</summary>
public abstract class ChannelTest : TopicTest
{
    protected sealed record CreatedChannel(long Id, string Credential, string SigningSecret, HttpClient Client);

    /// <summary>Creates a channel as the city admin and returns it with a client that sends its credential as a Bearer token.</summary>
    protected async Task<CreatedChannel> CreateChannelAsync(string name = "12345热线", string kind = "hotline_12345")
    {
        var response = await CityAdmin.PostAsJsonAsync("/api/channels", new { name, kind });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        var credential = body["credential"]!.GetValue<string>();
        return new CreatedChannel(body["channel"]!["id"]!.GetValue<long>(), credential, body["signingSecret"]!.GetValue<string>(), ClientWith(credential));
    }

    protected static HttpClient ClientWith(string? credential)
    {
        var client = Api.CreateClient();
        if (credential is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return client;
    }

    /// <summary>An Open311 POST, form-encoded as Open311 clients send it.</summary>
    protected static async Task<HttpResponseMessage> PostRequestAsync(HttpClient client, string externalId, string? regionCode = VillageCode, Dictionary<string, string>? extra = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["service_code"] = (await CategoryIdAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["description"] = "12345来电：小区门口道路破损严重，雨天积水，老人出行不便。",
            ["channel_request_id"] = externalId,
        };
        if (regionCode is not null)
        {
            fields["attribute[region_code]"] = regionCode;
        }

        foreach (var (key, value) in extra ?? [])
        {
            fields[key] = value;
        }

        return await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts an item that must be accepted and returns our receipt number and topic id.</summary>
    protected static async Task<(string ReceiptNo, long TopicId)> SendItemAsync(HttpClient client, string externalId)
    {
        var response = await PostRequestAsync(client, externalId);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var receipt = (await ReadJsonArrayAsync(response))[0]!["service_request_id"]!.GetValue<string>();
        return (receipt, await ScalarAsync<long>("SELECT id FROM topics WHERE receipt_no = @receipt", new { receipt }));
    }

    protected static async Task<JsonObject> GetRequestAsync(HttpClient client, string receiptNo)
    {
        var response = await client.GetAsync($"/open311/v2/requests/{receiptNo}.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonArrayAsync(response)).Single()!.AsObject();
    }

    protected static async Task<int> RunOutboxAsync()
    {
        using var scope = Api.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().RunOnceAsync(CancellationToken.None);
    }

    /// <summary>Rows in the tables an intake request writes, to assert a refusal wrote nothing.</summary>
    protected static Task<string> IntakeSnapshotAsync() => ScalarAsync<string>(
        """
        SELECT CONCAT_WS('|', (SELECT COUNT(*) FROM topics), (SELECT COUNT(*) FROM topic_events), (SELECT COUNT(*) FROM channel_items),
                              (SELECT COUNT(*) FROM room_topic_sequences), (SELECT COUNT(*) FROM outbox), (SELECT COALESCE(MAX(updated_at), '') FROM channels))
        """);
}
