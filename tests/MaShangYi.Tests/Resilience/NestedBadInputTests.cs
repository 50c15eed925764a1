using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MaShangYi.Tests.Resilience;

/// <summary>
/// Bad input deep inside a body, over every operation of the OpenAPI document: null for every field, nested object
/// and array element, empty objects inside arrays, wrong types inside arrays. Each change is sent on its own and on
/// top of a plausible body, by a city admin, a room admin (who reach the handlers) and a resident (who may not act at all).
/// The answer is a 4xx ProblemDetails naming the field in Chinese, nothing is written and nothing is logged as an error.
/// </summary>
public sealed class NestedBadInputTests : OpenApiSweepTest
{
    private IEnumerable<(string Method, string Path, JsonObject Body, RequestSchema.Change Change)> ChangedBodies() =>
        from write in Writes()
        where write.Body is not null
        from change in Schema.Changes(write.Body)
        from start in new[] { new JsonObject(), Schema.Plausible(write.Body) }
        select (write.Method, write.Path, RequestSchema.Apply(start, change), change);

    [Test]
    public async Task ANullEmptyOrWrongValueAnywhereInABodyIs4xxNamingTheFieldWritesNothingAndLogsNoError()
    {
        var failures = new List<string>();
        foreach (var client in new[] { CityAdmin, RoomAdmin, Resident })
        {
            foreach (var (method, path, body, change) in ChangedBodies().Where(c => c.Change.MustRefuse))
            {
                var before = await FingerprintAsync();
                var response = await SendAsync(client, method, path, body.ToJsonString());
                var label = $"{method} {path} ({change.Label}) {body.ToJsonString()}";
                if (await ProblemWithAsync(response, label) is { } problem)
                {
                    failures.Add(problem);
                }
                else if (response.IsSuccessStatusCode)
                {
                    failures.Add($"{label}: accepted with {(int)response.StatusCode}");
                }
                else if (response.StatusCode == HttpStatusCode.BadRequest && await MissingFieldMessageAsync(response, change.Field) is { } missing)
                {
                    failures.Add($"{label}: {missing}");
                }

                if (await FingerprintAsync() != before)
                {
                    failures.Add($"{label}: refused with {(int)response.StatusCode} but wrote something");
                }
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(40)));
        AssertNoErrorWasLogged();
    }

    [Test]
    public async Task NullOrAnEmptyObjectWhereTheSchemaAllowsItNeverCausesA5xxOrLogsAnError()
    {
        var failures = new List<string>();
        foreach (var (client, (method, path, body, change)) in new[] { CityAdmin, RoomAdmin }.SelectMany(_ => ChangedBodies().Where(c => !c.Change.MustRefuse), (client, c) => (client, c)))
        {
            var before = await FingerprintAsync();
            var response = await SendAsync(client, method, path, body.ToJsonString());
            var label = $"{method} {path} ({change.Label}) {body.ToJsonString()}";
            if (await ProblemWithAsync(response, label) is { } problem)
            {
                failures.Add(problem);
            }
            else if (!response.IsSuccessStatusCode && await FingerprintAsync() != before)
            {
                failures.Add($"{label}: refused with {(int)response.StatusCode} but wrote something");
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(40)));
        AssertNoErrorWasLogged();
    }

    [Test]
    public async Task ANullMilestoneIsRefusedWith400NamingItEvenForAResidentWhoMayNotAddTasks()
    {
        var topic = await AnnouncedTopicAsync();

        var response = await Resident.PostAsJsonAsync($"/api/topics/{topic}/tasks", new { milestones = new object?[] { null } });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["milestones[0]"]![0]!.GetValue<string>(), Does.Match(@"\p{IsCJKUnifiedIdeographs}"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM tasks"), Is.Zero);
        AssertNoErrorWasLogged();
    }

    [Test]
    public async Task ANullParticipantIsRefusedWith400NamingItAndNoMeetingIsScheduled()
    {
        var topic = await AnnouncedTopicAsync();
        var meeting = Schema.Plausible(Schema.Resolve(Doc["components"]!["schemas"]!["Topics.MeetingEndpoints.ScheduleRequest"]));
        meeting["participants"] = new JsonArray(Schema.Plausible(Schema.Resolve(Doc["components"]!["schemas"]!["Topics.MeetingEndpoints.ParticipantRequest"])), null);

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{topic}/meetings", meeting);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "participants[1]" }), problem.ToJsonString());
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM meetings"), Is.Zero);
        AssertNoErrorWasLogged();
    }

    /// <summary>Why a 400 fails to name <paramref name="field"/> (or something inside it) with a Chinese message; null when it does.</summary>
    private static async Task<string?> MissingFieldMessageAsync(HttpResponseMessage response, string field)
    {
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var named = problem["errors"]?.AsObject()
            .Where(e => e.Key == field || e.Key.StartsWith(field + ".", StringComparison.Ordinal) || e.Key.StartsWith(field + "[", StringComparison.Ordinal))
            .SelectMany(e => e.Value!.AsArray().Select(m => m!.GetValue<string>()))
            .ToList() ?? [];
        return named.Count == 0 ? $"no message for {field} in {problem["errors"]?.ToJsonString() ?? problem.ToJsonString()}"
            : named.Any(m => !System.Text.RegularExpressions.Regex.IsMatch(m, @"\p{IsCJKUnifiedIdeographs}")) ? $"a message for {field} is not Chinese: {string.Join(" / ", named)}"
            : null;
    }
}
