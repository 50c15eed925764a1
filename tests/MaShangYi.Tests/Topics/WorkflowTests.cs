using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentValidation;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace MaShangYi.Tests.Topics;

/// <summary>GET /api/workflow: the action table the server enforces, with each action's route and form, held to the mapped endpoints and the validators.</summary>
public sealed partial class WorkflowTests : ApiTest
{
    private static readonly string FixturePath = Path.Combine(Docs.DocumentLinkTests.FindRoot(), "tests", "fixtures", "workflow.json");

    [Test]
    public void EveryActionsPublishedRouteIsAMappedPostEndpoint()
    {
        var posts = PostEndpoints();

        Assert.Multiple(() =>
        {
            foreach (var action in Workflow.Actions)
            {
                Assert.That(posts.ContainsKey(action.Route), $"{action.Name}: no POST {action.Route} is mapped");
            }
        });
    }

    [Test]
    public void EachFormAsksForExactlyWhatItsValidatorRequires()
    {
        var posts = PostEndpoints();
        using var scope = Api.Services.CreateScope();

        Assert.Multiple(() =>
        {
            foreach (var action in Workflow.Actions.Where(a => a.Form is { Fields.Count: > 0 }))
            {
                var requestType = posts[action.Route].Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
                Assert.That(requestType, Is.Not.Null, $"{action.Name} takes no body");
                var validator = (IValidator)scope.ServiceProvider.GetRequiredService(typeof(IValidator<>).MakeGenericType(requestType!));
                var bodyFields = action.Form!.Fields.Where(f => !RouteParameters(action.Route).Contains(f.Key)).ToList();

                foreach (var field in bodyFields)
                {
                    Assert.That(Property(requestType!, field.Key), Is.Not.Null, $"{action.Name}: the request has no {field.Key}");
                }

                var errors = Errors(validator, Blank(requestType!, bodyFields));
                Assert.That(errors.Where(e => !e.Contains('[')).Order(), Is.EqualTo(bodyFields.Where(f => f.Required).Select(f => f.Key).Order()),
                    $"{action.Name}: the fields a blank request is refused for");
                foreach (var rows in bodyFields.Where(f => f.Kind == "rows"))
                {
                    Assert.That(errors.Where(e => e.StartsWith(rows.Key + "[0].", StringComparison.Ordinal)).Select(e => e[(rows.Key.Length + 4)..]).Order(),
                        Is.EqualTo(rows.Columns!.Where(c => c.Required).Select(c => c.Key).Order()), $"{action.Name}: the columns of a blank {rows.Key} row refused");
                }

                foreach (var field in bodyFields.Where(f => f.MaxLength is not null))
                {
                    Assert.That(Errors(validator, Blank(requestType!, bodyFields, field, field.MaxLength!.Value)), Does.Not.Contain(field.Key), $"{action.Name}.{field.Key} at its limit");
                    Assert.That(Errors(validator, Blank(requestType!, bodyFields, field, field.MaxLength!.Value + 1)), Does.Contain(field.Key), $"{action.Name}.{field.Key} past its limit");
                }
            }
        });
    }

    [Test]
    public async Task TheWorkflowPublishesRoutesFormsAndRolesAndMayBeCached()
    {
        var response = await Anonymous.GetAsync("/api/workflow");
        var workflow = await ReadJsonAsync(response);

        Assert.That(response.Headers.CacheControl?.Public, Is.True);
        var minutes = workflow["actions"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == ActionName.RecordMinutes)!;
        Assert.That(minutes["route"]!.GetValue<string>(), Is.EqualTo("/api/topics/{id}/meetings/{meetingId}/minutes"));
        Assert.That(minutes["who"]!.AsArray().Select(w => w!.GetValue<string>()), Is.EqualTo(new[] { "room_admin" }));
        var text = minutes["form"]!["fields"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == "minutes")!;
        Assert.That((text["kind"]!.GetValue<string>(), text["required"]!.GetValue<bool>(), text["maxLength"]!.GetValue<int>()), Is.EqualTo(("textarea", true, 10000)));
        Assert.That(workflow["actions"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == ActionName.Comment)!["form"], Is.Null);
        var roles = workflow["roles"]!.AsArray().ToDictionary(r => r!["role"]!.GetValue<string>(), r => r!["name"]!.GetValue<string>());
        Assert.That(roles["reviewer"], Is.EqualTo("审核人员"));
        Assert.That(roles["resident"], Is.EqualTo("居民"));
    }

    /// <summary>
    /// The mini program's and the console's tests read tests/fixtures/workflow.json, so a change here must show up
    /// there: run with UPDATE_FIXTURES=1 to write it anew, then run the front-end tests.
    /// </summary>
    [Test]
    public async Task TheFixtureTheFrontEndsTestAgainstIsWhatTheServerPublishes()
    {
        var published = JsonNode.Parse(await (await Anonymous.GetAsync("/api/workflow")).Content.ReadAsStringAsync())!
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_FIXTURES") == "1")
        {
            await File.WriteAllTextAsync(FixturePath, published);
        }

        Assert.That(File.Exists(FixturePath) ? await File.ReadAllTextAsync(FixturePath) : "", Is.EqualTo(published),
            "tests/fixtures/workflow.json is stale: run this test with UPDATE_FIXTURES=1 and then the mini program's and the console's tests");
    }

    private static Dictionary<string, RouteEndpoint> PostEndpoints() =>
        Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .GroupBy(e => Template(e.RoutePattern)).ToDictionary(g => g.Key, g => g.First());

    /// <summary>A route as the workflow writes it: parameters without their constraints.</summary>
    private static string Template(RoutePattern pattern) => "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
        _ => p.ToString(),
    }))));

    private static HashSet<string> RouteParameters(string route) => [.. ParameterName().Matches(route).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex ParameterName();

    private static PropertyInfo? Property(Type type, string key) => type.GetProperty(key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);

    private static List<string> Errors(IValidator validator, object request) =>
        [.. validator.Validate(new ValidationContext<object>(request)).Errors.Select(e => e.PropertyName).Distinct()];

    /// <summary>
    /// A request with nothing entered: strings empty, values default, each list of rows one blank row. <paramref name="filled"/>
    /// gets a text of <paramref name="length"/>, and the field its condition names the value that makes it apply.
    /// </summary>
    private static object Blank(Type type, IReadOnlyList<FormField> fields, FormField? filled = null, int length = 0)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var values = constructor.GetParameters().Select(p =>
        {
            var field = fields.FirstOrDefault(f => string.Equals(f.Key, p.Name, StringComparison.OrdinalIgnoreCase));
            if (filled is not null && field == filled)
            {
                // A link is text too, and the meeting link must be one.
                return "https://a.cn/" + new string('x', length - "https://a.cn/".Length);
            }

            if (filled?.When is { } when && string.Equals(when.Field, p.Name, StringComparison.OrdinalIgnoreCase))
            {
                return when.In[0];
            }

            if (p.ParameterType == typeof(string))
            {
                return "";
            }

            if (field?.Kind == "rows")
            {
                var rowType = p.ParameterType.GetGenericArguments()[0];
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(rowType))!;
                list.Add(Blank(rowType, field.Columns!));
                return list;
            }

            return p.ParameterType.IsValueType && Nullable.GetUnderlyingType(p.ParameterType) is null ? Activator.CreateInstance(p.ParameterType) : null;
        }).ToArray();
        return constructor.Invoke(values);
    }
}
