using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Resilience;

/// <summary>Base for sweeps over every operation of the OpenAPI document, on an announced topic in the demo city.</summary>
public abstract class OpenApiSweepTest : TopicTest
{
    protected JsonObject Doc { get; private set; } = null!;

    protected RequestSchema Schema { get; private set; } = null!;

    private Dictionary<string, string> _pathValues = null!;

    [SetUp]
    public async Task LoadTheDocumentAsync()
    {
        Doc = await ReadJsonAsync(await Anonymous.GetAsync("/swagger/v1/swagger.json"));
        Schema = new RequestSchema(Doc, Api.Clock.GetUtcNow());
        var topic = await AnnouncedTopicAsync();
        _pathValues = new()
        {
            ["id"] = topic.ToString(CultureInfo.InvariantCulture),
            ["roomId"] = RoomId.ToString(CultureInfo.InvariantCulture),
            ["regionId"] = (await ScalarAsync<long>("SELECT id FROM regions WHERE code = '320812'")).ToString(CultureInfo.InvariantCulture),
            ["receiptNo"] = await ScalarAsync<string>("SELECT receipt_no FROM topics WHERE id = @topic", new { topic }),
        };
    }

    protected IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        Doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(o => o.Key is "get" or "post" or "put" or "delete")
            .Select(o => (o.Key.ToUpperInvariant(), p.Key, o.Value!.AsObject())));

    /// <summary>The POST and PUT operations that take a JSON body, with the body's schema.</summary>
    protected IEnumerable<(string Method, string Path, JsonObject? Body)> Writes() =>
        Operations().Where(o => o.Method is "POST" or "PUT").Select(o => (o.Method, o.Path, Schema.Resolve(o.Operation["requestBody"]?["content"]?["application/json"]?["schema"])));

    protected string Fill(string path) => Regex.Replace(path, @"\{(\w+)\}", m => _pathValues.GetValueOrDefault(m.Groups[1].Value, "1"));

    protected async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await client.SendAsync(request);
    }

    protected static async Task<string> FingerprintAsync() => await ScalarAsync<string>(
        """
        SELECT CONCAT_WS('|', (SELECT COUNT(*) FROM regions), (SELECT COUNT(*) FROM rooms), (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM role_grants),
          (SELECT COUNT(*) FROM topics), (SELECT COALESCE(SUM(version), 0) FROM topics), (SELECT COUNT(*) FROM topic_events), (SELECT COUNT(*) FROM topic_comments),
          (SELECT COUNT(*) FROM topic_supports), (SELECT COUNT(*) FROM meetings), (SELECT COUNT(*) FROM meeting_participants), (SELECT COUNT(*) FROM tasks),
          (SELECT COUNT(*) FROM task_milestones), (SELECT COUNT(*) FROM evaluations), (SELECT COUNT(*) FROM research_reports), (SELECT COUNT(*) FROM topic_categories),
          (SELECT COUNT(*) FROM review_criteria), (SELECT COALESCE(MAX(updated_at), '') FROM rooms), (SELECT COALESCE(MAX(updated_at), '') FROM regions))
        """);

    /// <summary>A 5xx, or a 4xx that is not a ProblemDetails (the notice board answers people with Chinese HTML pages).</summary>
    protected static async Task<string?> ProblemWithAsync(HttpResponseMessage response, string label)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return $"{label}: {status} {await response.Content.ReadAsStringAsync()}";
        }

        // The notice board and a room's scanned link are pages for people: their errors are Chinese HTML pages; the API's are ProblemDetails.
        var path = response.RequestMessage?.RequestUri?.AbsolutePath ?? "";
        var expected = path.StartsWith("/board/", StringComparison.Ordinal) || path.StartsWith("/r/", StringComparison.Ordinal) ? "text/html" : "application/problem+json";
        return status >= 400 && response.Content.Headers.ContentType?.MediaType != expected
            ? $"{label}: {status} without {expected}"
            : null;
    }

    /// <summary>Nothing the sweep sent may have been logged as an error: bad input is the client's mistake, not the server's.</summary>
    protected static void AssertNoErrorWasLogged() =>
        Assert.That(Api.Log.Errors, Is.Empty, string.Join("\n", Api.Log.Errors.Take(5)));
}
