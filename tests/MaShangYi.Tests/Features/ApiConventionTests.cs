using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Features;

/// <summary>The quality bars every endpoint shares: ProblemDetails everywhere, strict JSON, size limits, documented endpoints.</summary>
public sealed class ApiConventionTests : ApiTest
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Test]
    public async Task AnUnknownJsonFieldIs400NamingTheFieldAndWritesNothing()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();
        var regionId = await ScalarAsync<long>("SELECT id FROM regions WHERE code = '320812001'");

        var response = await admin.PostAsync("/api/rooms", Json($$"""{"regionId":{{regionId}},"name":"新议事室","address":"某路1号","nmae":"typo"}"""));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain("nmae"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AWrongTypeIs400NamingTheFieldNot500()
    {
        var admin = await SeedDemoCityAsync();

        var response = await admin.PostAsync("/api/rooms", Json("""{"regionId":"not-a-number","name":"新议事室","address":"某路1号"}"""));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain("regionId"));
    }

    [TestCase("{not json")]
    [TestCase("")]
    [TestCase("null")]
    [TestCase("[]")]
    public async Task BrokenJsonIs400ProblemDetails(string body)
    {
        var response = await Anonymous.PostAsync("/api/auth/login", Json(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await ReadJsonAsync(response);
        Assert.That(problem["code"]!.GetValue<string>(), Is.AnyOf("validation_failed", "bad_request"));
        Assert.That(Api.WeChat.CallsTo("Code2SessionAsync"), Is.Zero);
    }

    [Test]
    public async Task ABodyOverTheLimitIs413ProblemDetailsAndWritesNothing()
    {
        var admin = await SeedDemoCityAsync();
        var before = await SnapshotAsync();
        var regionId = await ScalarAsync<long>("SELECT id FROM regions WHERE code = '320812001'");
        var huge = new string('长', 40_000);

        var response = await admin.PostAsync("/api/rooms", Json($$"""{"regionId":{{regionId}},"name":"新议事室","address":"{{huge}}"}"""));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AChunkedBodyOverTheLimitIsAlso413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"code\":\"" + new string('a', 100_000) + "\"}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await Anonymous.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Test]
    public async Task AnUnknownPathIs404ProblemDetails()
    {
        await AssertProblemAsync(await Anonymous.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task AFieldValidationErrorListsEveryBadFieldInChinese()
    {
        var admin = await SeedDemoCityAsync();

        var response = await admin.PostAsJsonAsync("/api/rooms", new { regionId = 0, name = "", address = "", contactPhone = "call me" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "regionId", "name", "address", "contactPhone" }));
        Assert.That(errors.Select(e => e.Value![0]!.GetValue<string>()), Has.All.Match(@"\p{IsCJKUnifiedIdeographs}"));
    }

    [Test]
    public async Task SwaggerDocumentsEveryEndpointWithASummaryAndResponses()
    {
        var response = await Anonymous.GetAsync("/swagger/v1/swagger.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var paths = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]!.AsObject();

        var operations = paths.SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Method: o.Key, Op: o.Value!))).ToList();

        Assert.That(operations, Has.Count.GreaterThanOrEqualTo(15));
        Assert.That(operations.Where(o => string.IsNullOrWhiteSpace(o.Op["summary"]?.GetValue<string>())).Select(o => $"{o.Method} {o.Path}"), Is.Empty);
        Assert.That(operations.Where(o => o.Op["responses"]?.AsObject().Count is null or 0).Select(o => $"{o.Method} {o.Path}"), Is.Empty);
        Assert.That(paths.Select(p => p.Key), Does.Contain("/api/landing").And.Contain("/api/auth/login").And.Contain("/api/import/rooms"));
    }
}
