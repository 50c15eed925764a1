using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace MaShangYi.Tests.Seeding;

/// <summary>The API works on seeded data the way it does on its own: what the benchmark will exercise.</summary>
public sealed class ProvinceSeedApiTests : ProvinceSeedTest
{
    [Test]
    public async Task ASubmissionAfterSeedingGetsTheNextReceiptNumberOfItsRoom()
    {
        await SeedAsync();
        var year = Api.Clock.GetUtcNow().Year;
        var (roomId, scene, last) = (await QueryAsync<(long, string, int)>(
            """
            SELECT m.id, m.scene, s.last_seq FROM room_topic_sequences s JOIN rooms m ON m.id = s.room_id
            WHERE s.year = @year ORDER BY s.last_seq DESC, m.id LIMIT 1
            """, new { year })).Single();
        var (resident, _) = await LoginAsync("province-resident-1");

        var response = await resident.PostAsJsonAsync($"/api/rooms/{roomId}/topics",
            new { title = "小区路灯不亮", description = "三号楼前的两盏路灯坏了一周。", categoryId = await ScalarAsync<long>("SELECT MIN(id) FROM topic_categories"), anonymous = false });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(response))["receiptNo"]!.GetValue<string>(),
            Is.EqualTo(string.Create(CultureInfo.InvariantCulture, $"{year}-{scene}-{last + 1:D4}")));
    }

    [Test]
    public async Task ATownReviewerLogsInWithTheSeededCodeAndAcceptsATopicFromThePool()
    {
        await SeedAsync();
        var (topicId, townCode) = (await QueryAsync<(long, string)>(
            """
            SELECT t.id, r.code FROM topics t JOIN regions r ON r.id = t.region_l3
            WHERE t.status = 'submitted' ORDER BY t.id LIMIT 1
            """)).Single();
        var (reviewer, _) = await LoginAsync($"province-reviewer-{townCode}");

        var response = await reviewer.PostAsJsonAsync($"/api/topics/{topicId}/accept", new { announcementEndsOn = Api.Clock.GetUtcNow().AddDays(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @topicId", new { topicId }), Is.EqualTo("announced"));
    }

    [Test]
    public async Task LandingListsDetailsAndStatisticsAnswerOnTheSeededData()
    {
        await SeedAsync();
        var (roomId, scene) = (await QueryAsync<(long, string)>(
            "SELECT room_id, (SELECT scene FROM rooms WHERE id = room_id) FROM topics GROUP BY room_id ORDER BY COUNT(*) DESC, room_id LIMIT 1")).Single();
        var closed = await ScalarAsync<long>("SELECT MAX(id) FROM topics WHERE status = 'closed' AND round = 2");
        var city = await ScalarAsync<long>("SELECT id FROM regions WHERE level = 1");

        var landing = await Anonymous.GetAsync($"/api/landing?scene={scene}");
        Assert.That(landing.StatusCode, Is.EqualTo(HttpStatusCode.OK), await landing.Content.ReadAsStringAsync());

        var page = await ReadJsonAsync(await Anonymous.GetAsync($"/api/rooms/{roomId}/topics"));
        Assert.That(page["items"]!.AsArray(), Is.Not.Empty);
        var next = page["nextAfter"]!.GetValue<long>();
        var regionPage = await Anonymous.GetAsync($"/api/regions/{city}/topics?after={next}");
        Assert.That(regionPage.StatusCode, Is.EqualTo(HttpStatusCode.OK), await regionPage.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(regionPage))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()), Is.All.LessThan(next));

        var detail = await ReadJsonAsync(await Anonymous.GetAsync($"/api/topics/{closed}"));
        var actions = detail["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.That(actions[0], Is.EqualTo("submit"));
        Assert.That(actions, Does.Contain("reopen").And.Contain("complete").And.Contain("record_minutes"));
        Assert.That(actions[^1], Is.EqualTo("close"));

        // The seed spans three years and a statistics period at most three years: the longest period, checked against the topics.
        var to = DateOnly.FromDateTime(Api.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        var from = to.AddYears(-3).AddDays(1);
        var statistics = await Anonymous.GetAsync($"/api/regions/{city}/statistics?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        Assert.That(statistics.StatusCode, Is.EqualTo(HttpStatusCode.OK), await statistics.Content.ReadAsStringAsync());
        var expected = await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE submitted_at >= @start", new { start = from.ToDateTime(TimeOnly.MinValue).AddHours(-8) });
        Assert.That((await ReadJsonAsync(statistics))["totals"]!["submitted"]!.GetValue<long>(), Is.EqualTo(expected).And.GreaterThan(Topics * 9 / 10));
    }
}
