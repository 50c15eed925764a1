using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace MaShangYi.Tests.Channels;

public sealed class IntakeTests : ChannelTest
{
    [Test]
    public async Task AnItemBecomesAHeldChannelTopicInTheRoomAtItsRegion()
    {
        var channel = await CreateChannelAsync();

        var response = await PostRequestAsync(channel.Client, "12345-0001", extra: new() { ["last_name"] = "张", ["first_name"] = "三", ["phone"] = "13812345678" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var answer = (await ReadJsonArrayAsync(response)).Single()!.AsObject();
        var receipt = answer["service_request_id"]!.GetValue<string>();
        Assert.That(answer["service_notice"]!.GetValue<string>(), Does.Contain(receipt));
        var topic = (await QueryAsync<(long Id, long RoomId, string Source, string Moderation, long? ProposerUserId, byte[] ProxyPhoneEnc)>(
            "SELECT id, room_id, source, moderation, proposer_user_id, proxy_phone_enc FROM topics WHERE receipt_no = @receipt", new { receipt })).Single();
        Assert.That((topic.RoomId, topic.Source, topic.Moderation, topic.ProposerUserId), Is.EqualTo((RoomId, "channel", "held", (long?)null)),
            "a channel's text cannot go through WeChat's check, so a reviewer reads it before anything is published");
        Assert.That(Encoding.UTF8.GetString(topic.ProxyPhoneEnc), Does.Not.Contain("13812345678"), "the caller's phone is encrypted at rest");
        var submitEvent = (await QueryAsync<(string ActorRole, string ActorUnit)>("SELECT actor_role, actor_unit FROM topic_events WHERE topic_id = @Id", new { topic.Id })).Single();
        Assert.That(submitEvent, Is.EqualTo(("channel", "12345热线")));
        Assert.That(await ScalarAsync<long>("SELECT topic_id FROM channel_items WHERE channel_id = @Id AND external_id = '12345-0001'", new { channel.Id }), Is.EqualTo(topic.Id));
        // The region chain, read with the receipt number (the channel routed the item by room, not by a chain it read).
        Assert.That(
            await ScalarAsync<string>("SELECT CONCAT_WS(',', region_l1, region_l2, region_l3, region_l4) FROM topics WHERE id = @Id", new { topic.Id }),
            Is.EqualTo(await ScalarAsync<string>(
                """
                SELECT GROUP_CONCAT(a.id ORDER BY a.level SEPARATOR ',') FROM rooms m JOIN regions r ON r.id = m.region_id
                JOIN regions a ON r.path LIKE CONCAT(a.path, '%') WHERE m.id = @RoomId
                """, new { RoomId })));

        var staffView = await ReadJsonAsync(await Reviewer.GetAsync($"/api/topics/{topic.Id}"));
        Assert.That(staffView["proxyContact"]!["phone"]!.GetValue<string>(), Is.EqualTo("138****5678"));
        Assert.That(staffView["proposer"]!["display"]!.GetValue<string>(), Is.EqualTo("外部渠道转入"));
        Assert.That((await Anonymous.GetAsync($"/api/topics/{topic.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "not public before review");
    }

    [Test]
    public async Task TheSameExternalIdTwiceMakesOneTopicAndTheSecondCallReturnsTheFirstResult()
    {
        var channel = await CreateChannelAsync();

        var first = await PostRequestAsync(channel.Client, "12345-0001");
        var second = await PostRequestAsync(channel.Client, "12345-0001");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonArrayAsync(second))[0]!["service_request_id"]!.GetValue<string>(),
            Is.EqualTo((await ReadJsonArrayAsync(first))[0]!["service_request_id"]!.GetValue<string>()));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.EqualTo(1));
    }

    [Test]
    public async Task ConcurrentDuplicatesOfOneExternalIdMakeOneTopic()
    {
        var channel = await CreateChannelAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostRequestAsync(ClientWith(channel.Credential), "12345-0001")));

        var receipts = new List<string>();
        foreach (var response in responses)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created).Or.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            receipts.Add((await ReadJsonArrayAsync(response))[0]!["service_request_id"]!.GetValue<string>());
        }

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
        Assert.That(receipts.Distinct().Count(), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events"), Is.EqualTo(1));
    }

    [Test]
    public async Task TheSameExternalIdFromAnotherChannelIsAnotherItem()
    {
        var hotline = await CreateChannelAsync();
        var cppcc = await CreateChannelAsync("政协委员提案", "cppcc_proposal");

        await SendItemAsync(hotline.Client, "0001");
        await SendItemAsync(cppcc.Client, "0001");

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE source = 'channel'"), Is.EqualTo(2));
    }

    [TestCase("999999999", "region_unknown")]
    [TestCase("320812", "region_has_no_room")]
    public async Task AnItemThatCannotBeRoutedIsRefusedAndWritesNothing(string regionCode, string code)
    {
        var channel = await CreateChannelAsync();
        await ExecuteAsync("DELETE FROM rooms WHERE region_id = (SELECT id FROM regions WHERE code = '320812')");
        var before = await IntakeSnapshotAsync();

        await AssertProblemAsync(await PostRequestAsync(channel.Client, "12345-0001", regionCode), HttpStatusCode.UnprocessableEntity, code);

        Assert.That(await IntakeSnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task ARegionWithSeveralRoomsAsksForTheRoomAndTheSceneChoosesIt()
    {
        var channel = await CreateChannelAsync();
        await ExecuteAsync(
            """
            INSERT INTO rooms (region_id, name, address, is_active, scene, created_at, updated_at)
            SELECT region_id, '柳树湾社区第二议事室', '二号楼', 1, 'ZZZZ2222', NOW(3), NOW(3) FROM rooms WHERE id = @RoomId
            """, new { RoomId });
        var before = await IntakeSnapshotAsync();

        var problem = await AssertProblemAsync(await PostRequestAsync(channel.Client, "A-1"), HttpStatusCode.UnprocessableEntity, "region_has_several_rooms");
        Assert.That(problem["roomIds"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(await IntakeSnapshotAsync(), Is.EqualTo(before));

        await AssertProblemAsync(await PostRequestAsync(channel.Client, "A-1", extra: new() { ["attribute[room_scene]"] = "NOPE2345" }), HttpStatusCode.UnprocessableEntity, "room_unknown");
        await AssertProblemAsync(await PostRequestAsync(channel.Client, "A-1", OtherCountyCode, new() { ["attribute[room_scene]"] = "zzzz2222" }), HttpStatusCode.UnprocessableEntity, "room_not_in_region");
        var routed = await PostRequestAsync(channel.Client, "A-1", extra: new() { ["attribute[room_scene]"] = "zzzz2222" });
        Assert.That(routed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await ScalarAsync<string>("SELECT m.scene FROM topics t JOIN rooms m ON m.id = t.room_id"), Is.EqualTo("ZZZZ2222"));
    }

    [Test]
    public async Task AJsonItemWithAnUnknownFieldIsRefusedWithFieldErrors()
    {
        var channel = await CreateChannelAsync();
        var before = await IntakeSnapshotAsync();

        var response = await channel.Client.PostAsJsonAsync("/open311/v2/requests.json", new
        {
            service_code = "1", description = "短", channel_request_id = "A-1", colour = "red", attribute = new { region_code = VillageCode },
        });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "body", "description" }));
        Assert.That(await IntakeSnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task AJsonItemWithAttributesIsAcceptedLikeAFormOne()
    {
        var channel = await CreateChannelAsync();

        var response = await channel.Client.PostAsJsonAsync("/open311/v2/requests.json", new
        {
            service_code = (await CategoryIdAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture),
            description = "政协委员提案：建议在社区增设老年助餐点。", title = "增设老年助餐点", channel_request_id = "ZX-2026-7",
            attribute = new { room_id = RoomId },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That(await ScalarAsync<string>("SELECT title FROM topics WHERE room_id = @RoomId", new { RoomId }), Is.EqualTo("增设老年助餐点"));
    }
}
