using Dapper;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.Auth;
using MySqlConnector;

namespace MaShangYi.Tests.Support;

/// <summary>
/// Base for deliberation tests: the demo city, a village room (柳树湾社区, region 320812001001) and people with roles
/// over it (reviewer and room admin on its town 320812001), plus helpers that drive a topic through the process over HTTP.
/// </summary>
public abstract class TopicTest : ApiTest
{
    protected const string VillageCode = "320812001001";
    protected const string TownCode = "320812001";
    protected const string OtherCountyCode = "320803";

    protected long RoomId { get; private set; }

    protected long OtherCountyRoomId { get; private set; }

    protected HttpClient CityAdmin { get; private set; } = null!;

    protected HttpClient Resident { get; private set; } = null!;

    protected long ResidentId { get; private set; }

    protected HttpClient Reviewer { get; private set; } = null!;

    protected HttpClient RoomAdmin { get; private set; } = null!;

    [SetUp]
    public async Task SetUpPeopleAsync()
    {
        CityAdmin = await SeedDemoCityAsync();
        RoomId = await ScalarAsync<long>("SELECT m.id FROM rooms m JOIN regions r ON r.id = m.region_id WHERE r.code = @VillageCode", new { VillageCode });
        OtherCountyRoomId = await ScalarAsync<long>("SELECT m.id FROM rooms m JOIN regions r ON r.id = m.region_id WHERE r.code = @OtherCountyCode", new { OtherCountyCode });
        (Resident, ResidentId) = await LoginAsync("resident");
        Reviewer = await LoginWithRoleAsync("reviewer", Roles.Reviewer, TownCode);
        RoomAdmin = await LoginWithRoleAsync("room-admin", Roles.RoomAdmin, TownCode);
    }

    protected static async Task<long> CategoryIdAsync() => await ScalarAsync<long>("SELECT id FROM topic_categories ORDER BY sort_order LIMIT 1");

    // Categories are reference data kept between tests (and the bad-input tests may rename some): tests about the default
    // category find theirs by id, make sure 其他 is there, and give back every category they retired.
    private readonly List<long> _retiredCategories = [];

    /// <summary>其他 exists and is active, as migration V3_9 leaves it; returns its id.</summary>
    protected static async Task<long> EnsureOtherCategoryAsync()
    {
        await ExecuteAsync(
            """
            INSERT INTO topic_categories (name, sort_order) SELECT '其他', 999 FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM topic_categories WHERE name = '其他');
            UPDATE topic_categories SET is_active = 1 WHERE name = '其他';
            """);
        return await ScalarAsync<long>("SELECT id FROM topic_categories WHERE name = '其他'");
    }

    /// <summary>Active categories other than 其他, lowest ids first.</summary>
    protected static async Task<long[]> OrdinaryCategoriesAsync(int count) =>
        (await QueryAsync<long>("SELECT id FROM topic_categories WHERE is_active = 1 AND name <> '其他' ORDER BY id LIMIT @count", new { count })).ToArray();

    protected async Task RetireCategoryAsync(long id)
    {
        await ExecuteAsync("UPDATE topic_categories SET is_active = 0 WHERE id = @id", new { id });
        _retiredCategories.Add(id);
    }

    [TearDown]
    public async Task RestoreRetiredCategoriesAsync()
    {
        foreach (var id in _retiredCategories)
        {
            await ExecuteAsync("UPDATE topic_categories SET is_active = 1 WHERE id = @id", new { id });
        }

        _retiredCategories.Clear();
    }

    protected static async Task<long> CriterionIdAsync(string kind = "not_deliberate") =>
        await ScalarAsync<long>("SELECT id FROM review_criteria WHERE kind = @kind AND city_id IS NULL ORDER BY sort_order LIMIT 1", new { kind });

    protected static string Today(int plusDays = 0) => MaShangYi.Api.Infrastructure.Time.LocalDate.Today(Api.Clock).AddDays(plusDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Submits a topic as <paramref name="client"/> (the resident by default) and returns the topic JSON.</summary>
    protected async Task<JsonObject> SubmitAsync(HttpClient? client = null, long? roomId = null, string title = "小区路灯不亮", bool anonymous = false, object? extra = null)
    {
        var body = new JsonObject
        {
            ["title"] = title,
            ["description"] = "三号楼前的路灯坏了一个月，晚上老人出门不安全。",
            ["categoryId"] = await CategoryIdAsync(),
            ["anonymous"] = anonymous,
        };
        if (extra is not null)
        {
            foreach (var (key, value) in JsonSerializerNode(extra))
            {
                body[key] = value?.DeepClone();
            }
        }

        var response = await (client ?? Resident).PostAsJsonAsync($"/api/rooms/{roomId ?? RoomId}/topics", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    /// <summary>Posts a workflow action and asserts it succeeded (200, or 201 where it creates something); returns the answer.</summary>
    protected static async Task<JsonObject> ActAsync(HttpClient client, long topicId, string action, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/topics/{topicId}/{action}", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.Created), $"{action}: {await response.Content.ReadAsStringAsync()}");
        return await ReadJsonAsync(response);
    }

    /// <summary>A topic submitted by the resident and accepted by the reviewer: announced.</summary>
    protected async Task<long> AnnouncedTopicAsync()
    {
        var id = (await SubmitAsync())["id"]!.GetValue<long>();
        await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });
        return id;
    }

    protected static string Status(JsonObject topic) => topic["status"]!.GetValue<string>();

    /// <summary>
    /// Asserts that <paramref name="action"/> left exactly one event, and that it ends the timeline the reader sees: from
    /// which status to which, the acting role's name and the note.
    /// </summary>
    protected static async Task AssertLastEventAsync(JsonObject topic, string action, string from, string to, string roleName, string? note)
    {
        var id = topic["id"]!.GetValue<long>();
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE topic_id = @id AND action = @action", new { id, action }), Is.EqualTo(1), $"one {action} event");
        var last = topic["timeline"]!.AsArray().Last()!;
        Assert.That(
            (last["action"]!.GetValue<string>(), last["fromStatus"]?.GetValue<string>(), last["toStatus"]!.GetValue<string>(), last["actorRole"]!.GetValue<string>(), last["note"]?.GetValue<string>()),
            Is.EqualTo((action, from, to, roleName, note)),
            last.ToJsonString());
    }

    protected static IReadOnlyList<string> AllowedActions(JsonObject topic) =>
        topic["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();

    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static JsonObject JsonSerializerNode(object value) => System.Text.Json.JsonSerializer.SerializeToNode(value, Web)!.AsObject();

    /// <summary>
    /// A public action that waited behind a staff change of its topic: the test holds the topic's row lock in a
    /// transaction of its own (as a staff action does), sends <paramref name="send"/> (checked meanwhile against the state
    /// before), and once the request waits for the lock — its statement <paramref name="waitsOn"/>, parameters written in,
    /// in the process list — moves the topic to <paramref name="status"/> and commits. The request then goes on.
    /// </summary>
    protected static async Task<HttpResponseMessage> ActWhileTheTopicMovesOnAsync(long topicId, string status, string waitsOn, Func<Task<HttpResponseMessage>> send)
    {
        await using var staff = new MySqlConnection(TestRun.ConnectionString);
        await staff.OpenAsync();
        await using var tx = await staff.BeginTransactionAsync();
        await staff.ExecuteAsync("SELECT id FROM topics WHERE id = @topicId FOR UPDATE", new { topicId }, tx);

        var request = send();
        var waited = false;
        for (var until = DateTime.UtcNow.AddSeconds(20); !waited && !request.IsCompleted && DateTime.UtcNow < until; await Task.Delay(20))
        {
            waited = await ScalarAsync<long>(
                "SELECT COUNT(*) FROM information_schema.processlist WHERE id <> CONNECTION_ID() AND command = 'Query' AND info LIKE CONCAT('%', @waitsOn, '%')",
                new { waitsOn }) > 0;
        }

        await staff.ExecuteAsync("UPDATE topics SET status = @status, version = version + 1 WHERE id = @topicId", new { topicId, status }, tx);
        await tx.CommitAsync();
        Assert.That(waited, Is.True, $"the request waited for the topic's lock ({waitsOn})");
        return await request;
    }
}
