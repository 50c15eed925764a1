using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics.Similar;

/// <summary>重复诉求 over HTTP: suggestions while a resident writes, and for the reviewer's queue.</summary>
public sealed class SimilarTopicsTests : TopicTest
{
    private long _otherVillageRoomId;
    private long _townRoomId;

    [SetUp]
    public async Task FindTheTownsOtherRoomsAsync()
    {
        _otherVillageRoomId = await ScalarAsync<long>("SELECT m.id FROM rooms m JOIN regions r ON r.id = m.region_id WHERE r.code = '320812001002'");
        _townRoomId = await ScalarAsync<long>("SELECT m.id FROM rooms m JOIN regions r ON r.id = m.region_id WHERE r.code = @TownCode", new { TownCode });
    }

    private async Task<long> TopicAsync(long roomId, string title, string description, bool accept = true)
    {
        var response = await Resident.PostAsJsonAsync($"/api/rooms/{roomId}/topics", new { title, description, categoryId = await CategoryIdAsync() });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = (await ReadJsonAsync(response))["id"]!.GetValue<long>();
        if (accept)
        {
            await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });
        }

        return id;
    }

    private static async Task<JsonArray> SuggestAsync(HttpClient client, long roomId, string title, string? description = null)
    {
        var query = $"title={Uri.EscapeDataString(title)}" + (description is null ? "" : $"&description={Uri.EscapeDataString(description)}");
        var response = await client.GetAsync($"/api/rooms/{roomId}/similar-topics?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["items"]!.AsArray();
    }

    private static long Id(JsonNode? item) => item!["id"]!.GetValue<long>();

    [Test]
    public async Task AResidentWritingLikeAnOpenTopicOfTheTownIsShownItBestFirstWithoutLoggingIn()
    {
        var here = await TopicAsync(RoomId, "小区东门路灯不亮", "东门口那盏路灯坏了一个多月，晚上出门很黑");
        var neighbours = await TopicAsync(_otherVillageRoomId, "东门路灯坏了好久", "东门的路灯晚上不亮");
        await TopicAsync(RoomId, "垃圾清运不及时", "菜市场旁边的垃圾桶天天满出来");
        await TopicAsync(RoomId, "东门路灯坏了", "东门的路灯不亮，还没审核", accept: false);
        var otherCounty = await TopicAsync(OtherCountyRoomId, "小区东门路灯不亮", "东门口那盏路灯坏了一个多月，晚上出门很黑", accept: false);
        await ExecuteAsync("UPDATE topics SET status = 'announced' WHERE id = @otherCounty", new { otherCounty });

        var items = await SuggestAsync(Api.CreateClient(), RoomId, "东门路灯坏了", "小区东门的路灯晚上不亮，老人走路怕摔");

        Assert.That(items.Select(Id), Is.EquivalentTo(new[] { here, neighbours }), "open topics of the town only: not under review, not another county's, not unlike");
        Assert.That(items.Select(i => i!["score"]!.GetValue<double>()), Is.Ordered.Descending);
        var mine = items.Single(i => Id(i) == here)!;
        Assert.That(
            (mine["title"]!.GetValue<string>(), mine["status"]!.GetValue<string>(), mine["statusName"]!.GetValue<string>(), mine["roomName"]!.GetValue<string>(), mine["sameRoom"]!.GetValue<bool>(), mine["supportCount"]!.GetValue<int>()),
            Is.EqualTo(("小区东门路灯不亮", "announced", "听取意见中", "柳树湾社区协商议事室", true, 0)));
        Assert.That(items.Single(i => Id(i) == neighbours)!["sameRoom"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task ATopicOfTheTownsOwnRoomIsSuggestedInItsVillagesAndADifferentIssueIsNot()
    {
        var townTopic = await TopicAsync(_townRoomId, "老街路面破损", "老街的路坑很多，下雨天积水没法走");

        Assert.That((await SuggestAsync(Resident, RoomId, "老街路面坑坑洼洼", "老街路面坑洼，下雨全是积水")).Select(Id), Is.EqualTo(new[] { townTopic }));
        Assert.That(await SuggestAsync(Resident, RoomId, "小区停车位紧张", "晚上回来找不到车位"), Is.Empty);
        Assert.That(await SuggestAsync(Resident, RoomId, "路"), Is.Empty, "one character compares with nothing");
    }

    [Test]
    public async Task BadInputIsAChineseProblemAndAnUnknownRoomIsNotFound()
    {
        await AssertProblemAsync(await Resident.GetAsync($"/api/rooms/{RoomId}/similar-topics?title=%20"), HttpStatusCode.BadRequest, "validation_failed");
        await AssertProblemAsync(await Resident.GetAsync($"/api/rooms/{RoomId}/similar-topics?title={new string('路', 101)}"), HttpStatusCode.BadRequest, "validation_failed");
        await AssertProblemAsync(await Resident.GetAsync($"/api/rooms/999999/similar-topics?title=路灯不亮"), HttpStatusCode.NotFound, "room_not_found");
        var problem = await ReadJsonAsync(await Resident.GetAsync($"/api/rooms/{RoomId}/similar-topics"));
        Assert.That(problem["errors"]!["title"]![0]!.GetValue<string>(), Is.EqualTo("请输入标题或问题描述，再查找类似议题。"));
    }

    [Test]
    public async Task TheReviewerSeesEachSubmittedTopicsLikeTopicsAndMergesIntoOneWithOneTap()
    {
        var open = await TopicAsync(RoomId, "3号楼电梯经常故障", "电梯三天两头停运，老人上下楼困难");
        var neighbours = await TopicAsync(_otherVillageRoomId, "3号楼电梯又坏了", "3号楼的电梯经常坏，希望彻底维修");
        var unlike = await TopicAsync(RoomId, "小区停车位紧张", "晚上回来找不到车位");
        var repeat = await TopicAsync(RoomId, "三号楼电梯又坏了", "我们3号楼的电梯经常坏，希望彻底维修", accept: false);
        var other = await TopicAsync(RoomId, "增设电动车充电桩", "小区没有充电桩，大家只能飞线充电", accept: false);

        var items = (await ReadJsonAsync(await Reviewer.GetAsync("/api/review/queue")))["items"]!.AsArray();

        var item = items.Single(i => Id(i) == repeat)!;
        var similar = item["similar"]!.AsArray();
        Assert.That(similar.Select(Id), Is.EquivalentTo(new[] { open, neighbours }), "not itself, not the unlike topic " + unlike);
        Assert.That(similar.Single(s => Id(s) == open)!["canMergeInto"]!.GetValue<bool>(), Is.True);
        Assert.That(similar.Single(s => Id(s) == neighbours)!["canMergeInto"]!.GetValue<bool>(), Is.True, "a neighbouring village's topic of the same town too");
        Assert.That(item["possibleDuplicateOf"]!.GetValue<long>(), Is.EqualTo(Id(similar[0])));
        var otherItem = items.Single(i => Id(i) == other)!;
        Assert.That((otherItem["similar"]!.AsArray().Count, otherItem["possibleDuplicateOf"]), Is.EqualTo((0, (JsonNode?)null)));

        var merged = await ActAsync(Reviewer, repeat, "merge", new { intoTopicId = open });
        Assert.That((Status(merged), merged["mergedInto"]!["id"]!.GetValue<long>()), Is.EqualTo(("merged", open)));
    }

    [Test]
    public async Task TheSameIssueFromTheNeighbouringVillageIsMergedAcrossTheTownByAReviewerOfBoth()
    {
        var neighbours = await TopicAsync(_otherVillageRoomId, "3号楼电梯又坏了", "3号楼的电梯经常坏，希望彻底维修");
        var repeat = await TopicAsync(RoomId, "三号楼电梯又坏了", "我们3号楼的电梯经常坏，希望彻底维修", accept: false);
        var villageReviewer = await LoginWithRoleAsync("village-reviewer", MaShangYi.Api.Infrastructure.Auth.Roles.Reviewer, VillageCode);

        await AssertProblemAsync(await villageReviewer.PostAsJsonAsync($"/api/topics/{repeat}/merge", new { intoTopicId = neighbours }),
            HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @repeat", new { repeat }), Is.EqualTo("submitted"));

        var merged = await ActAsync(Reviewer, repeat, "merge", new { intoTopicId = neighbours });
        Assert.That((Status(merged), merged["mergedInto"]!["id"]!.GetValue<long>()), Is.EqualTo(("merged", neighbours)));
    }

    [Test]
    public async Task TheReviewerAlsoSeesTopicsEndedLatelyButNotLongAgo()
    {
        var lately = await TopicAsync(RoomId, "健身器材坏了", "健身广场的器材坏了好几个，有安全隐患");
        var longAgo = await TopicAsync(RoomId, "健身广场器材损坏", "广场上健身器材坏了没人修，怕伤到老人");
        await ExecuteAsync("UPDATE topics SET status = 'closed', updated_at = @at WHERE id = @lately", new { lately, at = Api.Clock.GetUtcNow().UtcDateTime.AddDays(-10) });
        await ExecuteAsync("UPDATE topics SET status = 'closed', updated_at = @at WHERE id = @longAgo", new { longAgo, at = Api.Clock.GetUtcNow().UtcDateTime.AddDays(-40) });
        var repeat = await TopicAsync(RoomId, "健身广场器材又坏了", "健身广场的器材坏了，没人修", accept: false);

        var item = (await ReadJsonAsync(await Reviewer.GetAsync("/api/review/queue")))["items"]!.AsArray().Single(i => Id(i) == repeat)!;

        Assert.That(item["similar"]!.AsArray().Select(Id), Is.EqualTo(new[] { lately }));
        Assert.That(item["possibleDuplicateOf"], Is.Null, "a closed topic is a suggestion, not a flag");
        Assert.That(await SuggestAsync(Resident, RoomId, "健身广场器材又坏了", "健身广场的器材坏了，没人修"), Is.Empty, "residents are offered open topics only");
    }
}
