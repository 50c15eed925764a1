using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

/// <summary>码上征题 in three steps (issue 13): only the description is needed; the API fills in the rest.</summary>
public sealed class ThreeStepSubmissionTests : TopicTest
{
    private const string Said = "三号楼前的路灯坏了一个月。晚上老人出门不安全，希望早点修好。";

    private async Task<JsonObject> SubmitAsync(object body)
    {
        var response = await Resident.PostAsJsonAsync($"/api/rooms/{RoomId}/topics", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    private long _other;

    [SetUp]
    public async Task EnsureOtherAsync() => _other = await EnsureOtherCategoryAsync();

    private static long CategoryId(JsonObject topic) => topic["category"]!["id"]!.GetValue<long>();

    private async Task AcceptedWithAsync(long categoryId, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var id = (await SubmitAsync(new { description = Said, categoryId }))["id"]!.GetValue<long>();
            await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });
        }
    }

    [Test]
    public async Task ADescriptionAloneMakesAnAnonymousTopicTitledByItsFirstSentenceInTheCategory其他()
    {
        var topic = await SubmitAsync(new { description = Said });

        Assert.That(topic["title"]!.GetValue<string>(), Is.EqualTo("三号楼前的路灯坏了一个月"));
        Assert.That(CategoryId(topic), Is.EqualTo(_other));
        Assert.That(topic["category"]!["name"]!.GetValue<string>(), Is.EqualTo("其他"));
        Assert.That(topic["proposer"]!["display"]!.GetValue<string>(), Is.EqualTo("居民"));
        Assert.That(await ScalarAsync<bool>("SELECT is_anonymous FROM topics WHERE id = @id", new { id = topic["id"]!.GetValue<long>() }), Is.True);
        Assert.That(await ScalarAsync<string>("SELECT title FROM topics"), Is.EqualTo("三号楼前的路灯坏了一个月"), "stored as answered");
    }

    [Test]
    public async Task ABlankTitleIsTakenFromTheDescriptionAndAGivenOneIsKept()
    {
        Assert.That((await SubmitAsync(new { title = "  ", description = Said }))["title"]!.GetValue<string>(), Is.EqualTo("三号楼前的路灯坏了一个月"));
        Assert.That((await SubmitAsync(new { title = "路灯不亮", description = Said }))["title"]!.GetValue<string>(), Is.EqualTo("路灯不亮"));
    }

    [Test]
    public async Task TheDefaultCategoryIsTheOneTheRoomsReviewedTopicsUseMost()
    {
        var (roads, safety) = await OrdinaryCategoriesAsync(2) is [var a, var b] ? (a, b) : throw new InconclusiveException("two categories");
        await AcceptedWithAsync(roads, 2);
        await AcceptedWithAsync(safety, 1);
        // Topics nobody has reviewed yet do not count: their category may be a default or a guess.
        for (var i = 0; i < 3; i++)
        {
            await SubmitAsync(new { description = Said, categoryId = safety });
        }

        var topic = await SubmitAsync(new { description = Said, categoryId = 0 });

        Assert.That(CategoryId(topic), Is.EqualTo(roads));
    }

    [Test]
    public async Task AnotherRoomsTopicsDoNotDecideThisRoomsDefault()
    {
        var roads = (await OrdinaryCategoriesAsync(1))[0];
        var id = (await SubmitAsync(new { description = Said, categoryId = roads }))["id"]!.GetValue<long>();
        await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });

        var response = await Resident.PostAsJsonAsync($"/api/rooms/{OtherCountyRoomId}/topics", new { description = Said });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That(CategoryId(await ReadJsonAsync(response)), Is.EqualTo(_other));
    }

    [Test]
    public async Task WithoutAnActive其他TheDefaultIsTheLastActiveCategory()
    {
        await RetireCategoryAsync(_other);
        var last = await ScalarAsync<long>("SELECT id FROM topic_categories WHERE is_active = 1 ORDER BY sort_order DESC, id DESC LIMIT 1");

        Assert.That(CategoryId(await SubmitAsync(new { description = Said })), Is.EqualTo(last));
    }

    [Test]
    public async Task ANameToShowMeansNotAnonymousUnlessTheResidentSaysAnonymous()
    {
        var named = await SubmitAsync(new { description = Said, proposerName = "萧湖社区老王" });
        var anonymous = await SubmitAsync(new { description = Said, proposerName = "萧湖社区老王", anonymous = true });

        Assert.That(named["proposer"]!["display"]!.GetValue<string>(), Is.EqualTo("萧湖社区老王"));
        Assert.That(anonymous["proposer"]!["display"]!.GetValue<string>(), Is.EqualTo("居民"));
    }

    [Test]
    public async Task AnInactiveCategoryIsRefusedNextToTheFieldAndNothingIsStored()
    {
        var roads = (await OrdinaryCategoriesAsync(1))[0];
        await RetireCategoryAsync(roads);

        var response = await Resident.PostAsJsonAsync($"/api/rooms/{RoomId}/topics", new { description = Said, categoryId = roads });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["categoryId"]![0]!.GetValue<string>(), Does.Contain("不选"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.Zero);
    }

    [Test]
    public async Task ADescriptionOfFewerThanFiveCharactersIsStillRefused()
    {
        var response = await Resident.PostAsJsonAsync($"/api/rooms/{RoomId}/topics", new { description = "路灯" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "description" }));
    }
}
