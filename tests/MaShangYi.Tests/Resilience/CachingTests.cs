using System.Net.Http.Headers;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MaShangYi.Tests.Resilience;

/// <summary>Public answers that are the same for everyone are served from a short-lived cache, also to callers with a token.</summary>
public sealed class CachingTests : TopicTest
{
    private static WebApplicationFactory<Program> Cached() =>
        Api.WithWebHostBuilder(builder => builder.UseSetting("Caching:Enabled", "true"));

    [Test]
    public async Task TheLandingIsServedFromCacheForEveryoneUntilItExpires()
    {
        await using var factory = Cached();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });
        var anonymous = factory.CreateClient();
        var withToken = factory.CreateClient();
        withToken.DefaultRequestHeaders.Authorization = Resident.DefaultRequestHeaders.Authorization;

        var first = await anonymous.GetStringAsync($"/api/landing?scene={scene}");
        await ExecuteAsync("UPDATE rooms SET name = '改过的名字' WHERE id = @RoomId", new { RoomId });
        var cachedForAnonymous = await anonymous.GetStringAsync($"/api/landing?scene={scene}");
        var cachedForResident = await withToken.GetStringAsync($"/api/landing?scene={scene}");

        Assert.That(cachedForAnonymous, Is.EqualTo(first));
        Assert.That(cachedForResident, Is.EqualTo(first), "a token does not bypass an answer that carries nothing of the caller");
        Assert.That(await anonymous.GetStringAsync($"/api/landing?scene={scene.ToLowerInvariant()}"), Does.Contain("改过的名字"), "another query is another entry");
    }

    [Test]
    public async Task AnAnswerLargerThanTheCachesLimitIsServedFreshEachTime()
    {
        await using var factory = Api.WithWebHostBuilder(builder => builder.UseSetting("Caching:Enabled", "true").UseSetting("Caching:SizeLimitMegabytes", "0"));
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });
        var client = factory.CreateClient();

        await client.GetStringAsync($"/api/landing?scene={scene}");
        await ExecuteAsync("UPDATE rooms SET name = '没有缓存的名字' WHERE id = @RoomId", new { RoomId });

        Assert.That(await client.GetStringAsync($"/api/landing?scene={scene}"), Does.Contain("没有缓存的名字"), "nothing fits in a cache of 0 MB");
    }

    [Test]
    public async Task ErrorsAndAnswersThatDependOnTheCallerAreNeverCached()
    {
        await using var factory = Cached();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = Resident.DefaultRequestHeaders.Authorization;
        var missing = await client.GetAsync("/api/landing?scene=ZZZZZZZZ");
        var topic = await AnnouncedTopicAsync();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });
        await ExecuteAsync("UPDATE rooms SET scene = 'ZZZZZZZZ' WHERE id = @RoomId", new { RoomId });

        var found = await client.GetAsync("/api/landing?scene=ZZZZZZZZ");
        var mine1 = await client.GetStringAsync("/api/me/topics");
        await ExecuteAsync("UPDATE topics SET title = '新标题' WHERE id = @topic", new { topic });
        var mine2 = await client.GetStringAsync("/api/me/topics");
        var detail = await client.GetStringAsync($"/api/topics/{topic}");

        Assert.That((int)missing.StatusCode, Is.EqualTo(404));
        Assert.That((int)found.StatusCode, Is.EqualTo(200), "the 404 was not cached");
        Assert.That(mine2, Is.Not.EqualTo(mine1).And.Contain("新标题"));
        Assert.That(detail, Does.Contain("新标题"));
        Assert.That(scene, Is.Not.Empty);
    }
}
