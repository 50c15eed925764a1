using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.Outbox;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Topics;

namespace MaShangYi.Tests.Notifications;

/// <summary>Helpers for notification tests: subscribing the way the mini program does, and reading what was enqueued and sent.</summary>
public abstract class NotificationTest : MeetingTest
{
    /// <summary>One subscribe message written to the outbox: to whom, which template, its fitted data.</summary>
    protected sealed record Notice(long Id, long UserId, string TemplateKey, string Page, IReadOnlyDictionary<string, string> Data, string Status);

    /// <summary>The simulated template id of <paramref name="key"/>, as GET /api/subscriptions/templates gives it.</summary>
    protected static string TemplateId(string key) => "sim-" + key;

    /// <summary>Records <paramref name="accepted"/> acceptances of <paramref name="key"/> for the client's user; returns the credits left.</summary>
    protected static async Task<int> SubscribeAsync(HttpClient client, string key, int accepted = 1)
    {
        var response = await client.PostAsJsonAsync("/api/me/subscriptions", new { templateId = TemplateId(key), accepted });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["remaining"]!.GetValue<int>();
    }

    protected static Task<long> UserIdAsync(string code) =>
        ScalarAsync<long>("SELECT id FROM users WHERE openid = @openId", new { openId = SimulatedWeChatClient.OpenIdFor(code) });

    protected static Task<int> CreditsAsync(long userId, string key) =>
        ScalarAsync<int>("SELECT COALESCE((SELECT credits FROM subscription_credits WHERE user_id = @userId AND template_id = @id), 0)",
            new { userId, id = TemplateId(key) });

    protected static async Task<List<Notice>> NoticesAsync()
    {
        var rows = await QueryAsync<(long Id, string Payload, string Status)>(
            "SELECT id, payload, status FROM outbox WHERE kind = 'wechat_subscribe' ORDER BY id");
        return rows.Select(r =>
        {
            var json = JsonNode.Parse(r.Payload)!.AsObject();
            var data = json["data"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
            return new Notice(r.Id, json["userId"]!.GetValue<long>(), json["templateKey"]!.GetValue<string>(), json["page"]!.GetValue<string>(), data, r.Status);
        }).ToList();
    }

    protected static async Task<List<Notice>> NoticesToAsync(long userId) => (await NoticesAsync()).Where(n => n.UserId == userId).ToList();

    /// <summary>Runs one outbox batch, as one worker would.</summary>
    protected static async Task<int> RunOutboxOnceAsync()
    {
        using var scope = Api.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().RunOnceAsync(CancellationToken.None);
    }

    protected static async Task<int> RunRemindersAsync()
    {
        using var scope = Api.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MaShangYi.Api.Features.Notifications.Reminders>()
            .RunAsync(Api.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
    }

    protected static Task<JsonObject> PublishResolutionAsync(HttpClient roomAdmin, long id) =>
        ActAsync(roomAdmin, id, "resolution", new { text = "两周内更换三号楼前路灯。", deadline = Today(14) });
}
