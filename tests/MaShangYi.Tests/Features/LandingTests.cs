using System.Net;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Features;

public sealed class LandingTests : ApiTest
{
    [Test]
    public async Task ScanningARoomCodeLandsOnThatRoomWithItsRegionPathAndFourFunctions()
    {
        await SeedDemoCityAsync();
        var scene = await ScalarAsync<string>("SELECT m.scene FROM rooms m JOIN regions r ON r.id = m.region_id WHERE r.code = '320812001001'");

        var response = await Anonymous.GetAsync($"/api/landing?scene={scene}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var landing = await ReadJsonAsync(response);
        Assert.That(landing["scene"]!.GetValue<string>(), Is.EqualTo(scene));
        Assert.That(landing["room"]!["name"]!.GetValue<string>(), Is.EqualTo("柳树湾社区协商议事室"));
        Assert.That(landing["regionPath"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "淮安市", "清江浦区", "长西街道", "柳树湾社区" }));
        Assert.That(landing["regionPath"]!.AsArray().Select(r => r!["level"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(landing["isOpen"]!.GetValue<bool>(), Is.True);
        Assert.That(landing["functions"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "码上征题", "码上建议", "码上协商", "码上查情" }));
        Assert.That(landing["functions"]!.AsArray().All(f => f!["isOpen"]!.GetValue<bool>()), Is.True);
        Assert.That(landing["summary"]!["counts"]!["total"]!.GetValue<long>(), Is.Zero);
        Assert.That(landing["summary"]!["latest"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task ASceneReadAloudInLowerCaseStillFindsTheRoom()
    {
        await SeedDemoCityAsync();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms ORDER BY id LIMIT 1");

        var response = await Anonymous.GetAsync($"/api/landing?scene={scene.ToLowerInvariant()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(response))["scene"]!.GetValue<string>(), Is.EqualTo(scene));
    }

    [Test]
    public async Task ADeactivatedRoomStillLandsButSaysItIsClosedAndKeepsOnlyTheRecordOpen()
    {
        await SeedDemoCityAsync();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms ORDER BY id LIMIT 1");
        await ExecuteAsync("UPDATE rooms SET is_active = 0 WHERE scene = @scene", new { scene });

        var landing = await ReadJsonAsync(await Anonymous.GetAsync($"/api/landing?scene={scene}"));

        Assert.That(landing["isOpen"]!.GetValue<bool>(), Is.False);
        Assert.That(landing["notice"]!.GetValue<string>(), Does.Contain("已停用"));
        var open = landing["functions"]!.AsArray().Where(f => f!["isOpen"]!.GetValue<bool>()).Select(f => f!["key"]!.GetValue<string>());
        Assert.That(open, Is.EqualTo(new[] { "inquire" }));
    }

    [Test]
    public async Task AnUnknownSceneIs404WithAChineseMessage()
    {
        await SeedDemoCityAsync();

        var response = await Anonymous.GetAsync("/api/landing?scene=ZZZZZZZZ");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "room_not_found");
    }

    [TestCase("")]
    [TestCase("%E4%B8%AD%E6%96%87")]
    [TestCase("has%20space")]
    [TestCase("ABCDEFGHJKMNPQRSTUVWXYZ23456789ABCDEF")]
    [TestCase("100%25")]
    public async Task AMalformedSceneIs400(string scene)
    {
        var response = await Anonymous.GetAsync($"/api/landing?scene={scene}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["scene"], Is.Not.Null);
    }
}
