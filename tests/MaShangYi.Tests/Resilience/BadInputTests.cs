using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Resilience;

/// <summary>
/// Bad input across every endpoint of the OpenAPI document: wrong types, missing fields, huge strings, odd
/// Unicode, SQL and script fragments. The answer is always a 4xx ProblemDetails (or a success for text that is odd
/// but valid), never a 5xx; and a request that is refused writes nothing.
/// </summary>
public sealed class BadInputTests : TopicTest
{
    private static readonly string[] OddStrings =
    [
        "' OR '1'='1'; DROP TABLE topics; --",
        "<script>alert(1)</script>",
        "\u202Eevil\u202C\u0000\uFEFF",
        string.Concat(Enumerable.Repeat("😀", 300)),
        "e\u0301\u0301\u0301\u0301",
        "%00%27%22",
    ];

    /// <summary>Endpoints that read no body: whatever is sent with them is not theirs to refuse.</summary>
    private static readonly string[] TakesNoBody = ["/api/topics/{id}/support", "/api/console/login-tickets"];

    private JsonObject _doc = null!;

    private Dictionary<string, string> _pathValues = null!;

    [SetUp]
    public async Task LoadTheDocumentAsync()
    {
        _doc = await ReadJsonAsync(await Anonymous.GetAsync("/swagger/v1/swagger.json"));
        var topic = await AnnouncedTopicAsync();
        _pathValues = new()
        {
            ["id"] = topic.ToString(CultureInfo.InvariantCulture),
            ["roomId"] = RoomId.ToString(CultureInfo.InvariantCulture),
            ["regionId"] = (await ScalarAsync<long>("SELECT id FROM regions WHERE code = '320812'")).ToString(CultureInfo.InvariantCulture),
            ["receiptNo"] = await ScalarAsync<string>("SELECT receipt_no FROM topics WHERE id = @topic", new { topic }),
        };
    }

    private IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        _doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(o => o.Key is "get" or "post" or "put" or "delete")
            .Select(o => (o.Key.ToUpperInvariant(), p.Key, o.Value!.AsObject())));

    private string Fill(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)\}", m => _pathValues.GetValueOrDefault(m.Groups[1].Value, "1"));

    private JsonObject? BodySchema(JsonObject operation)
    {
        var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        var reference = schema?["$ref"]?.GetValue<string>();
        return reference is null ? schema as JsonObject : _doc["components"]!["schemas"]![reference.Split('/')[^1]] as JsonObject;
    }

    private static string TypeOf(JsonNode? property)
    {
        var type = property?["type"];
        return type switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray a => a.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "string",
            _ => property?["$ref"] is not null ? "object" : "string",
        };
    }

    private static JsonNode WrongValueFor(string type) => type switch
    {
        "string" => new JsonArray(1, 2),
        "integer" or "number" => JsonValue.Create("十二")!,
        "boolean" => JsonValue.Create("maybe")!,
        "array" => JsonValue.Create(42)!,
        _ => JsonValue.Create("not an object")!,
    };

    private static bool IsNullable(JsonNode? property) =>
        property?["nullable"]?.GetValue<bool>() == true || (property?["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "null"));

    /// <summary>Bodies that can never be valid: nothing may be written for any of them.</summary>
    private static IEnumerable<(string Name, string Body)> InvalidBodies(JsonObject? schema)
    {
        // {} is valid where every field is optional (e.g. starting research with no note).
        if (schema?["properties"]?.AsObject().Any(p => !IsNullable(p.Value)) != false)
        {
            yield return ("empty object", "{}");
        }

        yield return ("array", "[]");
        yield return ("null", "null");
        yield return ("broken", "{\"a\":");
        yield return ("unknown field", "{\"noSuchField\":1}");
        foreach (var (name, property) in schema?["properties"]?.AsObject() ?? [])
        {
            yield return ($"wrong type for {name}", new JsonObject { [name] = WrongValueFor(TypeOf(property)) }.ToJsonString());
        }
    }

    /// <summary>Bodies that are odd but may be valid text: they must never cause a 5xx.</summary>
    private static IEnumerable<(string Name, string Body)> OddBodies(JsonObject? schema)
    {
        var properties = schema?["properties"]?.AsObject().ToList() ?? [];
        foreach (var odd in OddStrings.Append(new string('长', 30_000)))
        {
            var body = new JsonObject();
            foreach (var (name, property) in properties)
            {
                body[name] = TypeOf(property) switch
                {
                    "string" => odd,
                    "integer" or "number" => name.EndsWith("Id", StringComparison.Ordinal) ? long.MaxValue : -1,
                    "boolean" => true,
                    "array" => new JsonArray(),
                    _ => null,
                };
            }

            yield return ($"odd text {odd[..Math.Min(8, odd.Length)]}", body.ToJsonString());
        }
    }

    private static async Task<string> FingerprintAsync() => await ScalarAsync<string>(
        """
        SELECT CONCAT_WS('|', (SELECT COUNT(*) FROM regions), (SELECT COUNT(*) FROM rooms), (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM role_grants),
          (SELECT COUNT(*) FROM topics), (SELECT COALESCE(SUM(version), 0) FROM topics), (SELECT COUNT(*) FROM topic_events), (SELECT COUNT(*) FROM topic_comments),
          (SELECT COUNT(*) FROM topic_supports), (SELECT COUNT(*) FROM meetings), (SELECT COUNT(*) FROM meeting_participants), (SELECT COUNT(*) FROM tasks),
          (SELECT COUNT(*) FROM evaluations), (SELECT COUNT(*) FROM research_reports), (SELECT COUNT(*) FROM topic_categories), (SELECT COUNT(*) FROM review_criteria),
          (SELECT COALESCE(MAX(updated_at), '') FROM rooms), (SELECT COALESCE(MAX(updated_at), '') FROM regions))
        """);

    private static async Task<string?> ProblemWithAsync(HttpResponseMessage response, string label)
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

    [Test]
    public async Task EveryEndpointRefusesInvalidBodiesWith4xxProblemDetailsAndWritesNothing()
    {
        var failures = new List<string>();
        foreach (var client in new[] { CityAdmin, RoomAdmin, Anonymous })
        {
            foreach (var (method, path, operation) in Operations().Where(o => o.Method is "POST" or "PUT"))
            {
                foreach (var (name, body) in InvalidBodies(BodySchema(operation)))
                {
                    var before = await FingerprintAsync();
                    using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    var response = await client.SendAsync(request);
                    var label = $"{method} {path} ({name})";
                    if (await ProblemWithAsync(response, label) is { } problem)
                    {
                        failures.Add(problem);
                    }
                    else if (response.IsSuccessStatusCode && !TakesNoBody.Contains(path) && !path.EndsWith("/logout", StringComparison.Ordinal))
                    {
                        failures.Add($"{label}: accepted with {(int)response.StatusCode}");
                    }

                    if (!response.IsSuccessStatusCode && await FingerprintAsync() != before)
                    {
                        failures.Add($"{label}: refused with {(int)response.StatusCode} but wrote something");
                    }
                }
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(40)));
    }

    [Test]
    public async Task OddButWellFormedTextNeverCausesA5xx()
    {
        var failures = new List<string>();
        foreach (var (method, path, operation) in Operations().Where(o => o.Method is "POST" or "PUT"))
        {
            foreach (var (name, body) in OddBodies(BodySchema(operation)))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                if (await ProblemWithAsync(await CityAdmin.SendAsync(request), $"{method} {path} ({name})") is { } problem)
                {
                    failures.Add(problem);
                }
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(40)));
    }

    [Test]
    public async Task OddQueryStringsAndPathValuesNeverCauseA5xx()
    {
        var failures = new List<string>();
        var oddValues = new[] { "abc", "-1", "0", "99999999999999999999", "1e309", "%27%20OR%201%3D1", "%3Cscript%3E", new string('9', 5000) };
        foreach (var (method, path, operation) in Operations().Where(o => o.Method == "GET"))
        {
            var parameters = operation["parameters"]?.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList() ?? [];
            foreach (var odd in oddValues)
            {
                var query = string.Join("&", parameters.Select(p => $"{p}={odd}"));
                var url = System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)\}", odd) + (query.Length > 0 ? "?" + query : "");
                if (await ProblemWithAsync(await CityAdmin.GetAsync(url), $"GET {url[..Math.Min(url.Length, 120)]}") is { } problem)
                {
                    failures.Add(problem);
                }
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(40)));
    }
}
