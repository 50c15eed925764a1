using System.Net;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace MaShangYi.Tests.Features;

/// <summary>Swagger UI and the OpenAPI document: on where the environment is for development or tests, off elsewhere unless Swagger__Enabled.</summary>
public sealed class ApiDocsTests : ApiTest
{
    private static async Task<(HttpStatusCode Ui, HttpStatusCode Document)> DocsAsync(HttpClient client) =>
        ((await client.GetAsync("/swagger/index.html")).StatusCode, (await client.GetAsync("/swagger/v1/swagger.json")).StatusCode);

    [Test]
    public async Task TheTestingEnvironmentServesSwagger()
    {
        Assert.That(await DocsAsync(Anonymous), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
    }

    [TestCase("Staging")]
    [TestCase("Production")]
    public async Task ADeploymentServesNoSwaggerByDefault(string environment)
    {
        await using var deployed = DeployedApi.In(environment);
        var client = deployed.CreateClient();

        Assert.That(await DocsAsync(client), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
        Assert.That((await client.GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the deployment itself is up");
    }

    [Test]
    public async Task ADeploymentServesSwaggerWhenTheSettingTurnsItOn()
    {
        await using var deployed = DeployedApi.In("Staging", builder => builder.UseSetting("Swagger:Enabled", "true"));

        Assert.That(await DocsAsync(deployed.CreateClient()), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
    }

    [Test]
    public async Task TheSettingTurnsSwaggerOffInTestingToo()
    {
        await using var off = Api.WithWebHostBuilder(builder => builder.UseSetting("Swagger:Enabled", "false"));

        Assert.That(await DocsAsync(off.CreateClient()), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
    }
}
