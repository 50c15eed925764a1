using System.Text.Json.Nodes;

namespace MaShangYi.Tests.Resilience;

/// <summary>
/// Bad input across every endpoint of the OpenAPI document: wrong types, missing fields, huge strings, odd
/// Unicode, SQL and script fragments. The answer is always a 4xx ProblemDetails (or a success for text that is odd
/// but valid), never a 5xx; and a request that is refused writes nothing.
/// </summary>
public sealed class BadInputTests : OpenApiSweepTest
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

    /// <summary>Bodies that can never be valid: nothing may be written for any of them.</summary>
    private static IEnumerable<(string Name, string Body)> InvalidBodies(JsonObject? schema)
    {
        // {} is valid where every field is optional (e.g. starting research with no note).
        if (schema?["properties"]?.AsObject().Any(p => !RequestSchema.IsNullable(p.Value)) != false)
        {
            yield return ("empty object", "{}");
        }

        yield return ("array", "[]");
        yield return ("null", "null");
        yield return ("broken", "{\"a\":");
        yield return ("unknown field", "{\"noSuchField\":1}");
        foreach (var (name, property) in schema?["properties"]?.AsObject() ?? [])
        {
            yield return ($"wrong type for {name}", new JsonObject { [name] = RequestSchema.WrongValueFor(RequestSchema.TypeOf(property)) }.ToJsonString());
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
                body[name] = RequestSchema.TypeOf(property) switch
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

    [Test]
    public async Task EveryEndpointRefusesInvalidBodiesWith4xxProblemDetailsAndWritesNothing()
    {
        var failures = new List<string>();
        foreach (var client in new[] { CityAdmin, RoomAdmin, Anonymous })
        {
            foreach (var (method, path, schema) in Writes())
            {
                foreach (var (name, body) in InvalidBodies(schema))
                {
                    var before = await FingerprintAsync();
                    var response = await SendAsync(client, method, path, body);
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
        AssertNoErrorWasLogged();
    }

    [Test]
    public async Task OddButWellFormedTextNeverCausesA5xx()
    {
        var failures = new List<string>();
        foreach (var (method, path, schema) in Writes())
        {
            foreach (var (name, body) in OddBodies(schema))
            {
                if (await ProblemWithAsync(await SendAsync(CityAdmin, method, path, body), $"{method} {path} ({name})") is { } problem)
                {
                    failures.Add(problem);
                }
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(40)));
        AssertNoErrorWasLogged();
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
        AssertNoErrorWasLogged();
    }
}
