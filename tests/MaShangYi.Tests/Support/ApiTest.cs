using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using MaShangYi.Api.Commands;
using MaShangYi.Api.Infrastructure.WeChat;
using MySqlConnector;
using TestRun = MaShangYi.Tests.TestRun;

namespace MaShangYi.Tests.Support;

/// <summary>Base for HTTP-level tests: a clean database per test, clients logged in the way the mini program logs in.</summary>
public abstract class ApiTest
{
    protected static ApiFactory Api => TestRun.Api;

    protected HttpClient Anonymous { get; private set; } = null!;

    [SetUp]
    public async Task ResetStateAsync()
    {
        await TestRun.ResetAsync();
        Anonymous = Api.CreateClient();
    }

    /// <summary>Logs in through POST /api/auth/login with a simulated wx.login code; the same code is the same user.</summary>
    protected async Task<(HttpClient Client, long UserId)> LoginAsync(string code)
    {
        var response = await Anonymous.PostAsJsonAsync("/api/auth/login", new { code });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body["accessToken"]!.GetValue<string>());
        return (client, body["userId"]!.GetValue<long>());
    }

    /// <summary>A logged-in user holding <paramref name="role"/> on the region with <paramref name="regionCode"/>.</summary>
    protected async Task<HttpClient> LoginWithRoleAsync(string code, string role, string regionCode, string? unit = null)
    {
        var (client, userId) = await LoginAsync(code);
        await ExecuteAsync(
            "INSERT INTO role_grants (user_id, role, region_id, unit, created_at) SELECT @userId, @role, id, @unit, NOW(3) FROM regions WHERE code = @regionCode",
            new { userId, role, regionCode, unit });
        return client;
    }

    /// <summary>Loads the demo city (淮安市, 3 counties, 6 towns, 18 villages, 28 rooms) through the importer and returns a city admin.</summary>
    protected async Task<HttpClient> SeedDemoCityAsync()
    {
        using var scope = Api.Services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<MaShangYi.Api.Features.Import.Importer>();
        var csv = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Seed", "demo-city.csv"));
        var outcome = await importer.ImportAsync(csv, null, CancellationToken.None);
        Assert.That(outcome.Errors, Is.Empty);
        await AdminCommands.BootstrapAdminAsync(scope.ServiceProvider, SimulatedWeChatClient.OpenIdFor("city-admin"), "320800", "淮安市");
        return (await LoginAsync("city-admin")).Client;
    }

    /// <summary>The id of the region with this administrative code (0 when there is none).</summary>
    protected static Task<long> RegionIdAsync(string code) =>
        ScalarAsync<long>("SELECT COALESCE((SELECT id FROM regions WHERE code = @code), 0)", new { code });

    /// <summary>The id of the room with this name (names are unique in the demo city; 0 when there is none).</summary>
    protected static Task<long> RoomIdAsync(string name) =>
        ScalarAsync<long>("SELECT COALESCE((SELECT MIN(id) FROM rooms WHERE name = @name), 0)", new { name });

    protected static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)?.AsObject() ?? throw new JsonException("empty body");
    }

    protected static async Task<JsonArray> ReadJsonArrayAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

    /// <summary>Asserts a ProblemDetails response with the given status and machine code, and a Chinese message.</summary>
    protected static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.That(problem["code"]?.GetValue<string>(), Is.EqualTo(code), body);
        Assert.That(problem["detail"]?.GetValue<string>(), Does.Match(@"\p{IsCJKUnifiedIdeographs}"), "the message is for a person, in Chinese");
        return problem;
    }

    protected static async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = new MySqlConnection(TestRun.ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    protected static async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var connection = new MySqlConnection(TestRun.ConnectionString);
        await connection.ExecuteAsync(sql, args);
    }

    protected static async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = new MySqlConnection(TestRun.ConnectionString);
        return (await connection.QueryAsync<T>(sql, args)).AsList();
    }

    /// <summary>A fingerprint of every table the API writes, to assert that a refused request wrote nothing.</summary>
    protected static Task<string> SnapshotAsync() => ScalarAsync<string>(
        """
        SELECT CONCAT_WS('|',
          (SELECT COUNT(*) FROM regions), (SELECT COALESCE(MAX(updated_at), '') FROM regions), (SELECT COALESCE(GROUP_CONCAT(name ORDER BY id), '') FROM regions),
          (SELECT COUNT(*) FROM rooms), (SELECT COALESCE(MAX(updated_at), '') FROM rooms), (SELECT COALESCE(GROUP_CONCAT(CONCAT(name, address, is_active) ORDER BY id), '') FROM rooms),
          (SELECT COUNT(*) FROM role_grants), (SELECT COUNT(*) FROM room_code_images), (SELECT COUNT(*) FROM users))
        """);
}
