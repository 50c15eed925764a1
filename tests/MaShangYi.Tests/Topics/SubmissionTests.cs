using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.WeChat;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

public sealed class SubmissionTests : TopicTest
{
    [Test]
    public async Task AResidentSubmitsATopicAndGetsAReceiptNumberTheyCanLookUp()
    {
        var topic = await SubmitAsync();

        Assert.That(Status(topic), Is.EqualTo("submitted"));
        var receipt = topic["receiptNo"]!.GetValue<string>();
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });
        // The shared test clock only moves forward, and earlier tests may carry it into the next year.
        Assert.That(receipt, Is.EqualTo($"{Api.Clock.GetUtcNow().Year}-{scene}-0001"));
        Assert.That(topic["timeline"]!.AsArray().Single()!["action"]!.GetValue<string>(), Is.EqualTo("submit"));
        Assert.That(topic["proposer"]!["isMine"]!.GetValue<bool>(), Is.True);

        var lookup = await ReadJsonAsync(await Resident.GetAsync($"/api/topics/by-receipt/{receipt.ToLowerInvariant()}"));
        Assert.That(lookup["topic"]!["id"]!.GetValue<long>(), Is.EqualTo(topic["id"]!.GetValue<long>()));
    }

    [Test]
    public async Task ReceiptNumbersCountUpPerRoom()
    {
        var first = await SubmitAsync(title: "第一件事");
        var second = await SubmitAsync(title: "第二件事");

        Assert.That(first["receiptNo"]!.GetValue<string>(), Does.EndWith("-0001"));
        Assert.That(second["receiptNo"]!.GetValue<string>(), Does.EndWith("-0002"));
    }

    [Test]
    public async Task ResidentsOfOneCitySubmittingAtOnceAreAllStoredAndCounted()
    {
        // Every submission of a city updates the same rollup rows (the city's and county's day and month): transactions
        // that meet there may deadlock, and the one InnoDB rolls back is run again, never answered with an error.
        var categoryId = await CategoryIdAsync();
        var before = await ScalarAsync<long>("SELECT COALESCE(SUM(submitted), 0) FROM stats_region_day d JOIN regions r ON r.id = d.region_id WHERE r.level = 1");
        var residents = new List<HttpClient>();
        for (var i = 0; i < 16; i++)
        {
            residents.Add((await LoginAsync($"same-city-resident-{i}")).Client);
        }

        var rooms = new[] { RoomId, OtherCountyRoomId };
        var responses = await Task.WhenAll(residents.Select((client, i) => client.PostAsJsonAsync(
            $"/api/rooms/{rooms[i % 2]}/topics", new { description = $"第{i}号楼的路灯坏了。", categoryId = i % 3 == 0 ? 0 : categoryId, anonymous = true })));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(await ScalarAsync<long>("SELECT COALESCE(SUM(submitted), 0) FROM stats_region_day d JOIN regions r ON r.id = d.region_id WHERE r.level = 1"),
            Is.EqualTo(before + 16));
    }

    [Test]
    public async Task RetriesSentAtOnceWithTheSameKeyStoreOneTopicAndAllAnswerIt()
    {
        var categoryId = await CategoryIdAsync();
        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{RoomId}/topics")
            {
                Content = JsonContent.Create(new { title = "路灯不亮", description = "三号楼前的路灯坏了一周。", categoryId, anonymous = true }),
            };
            request.Headers.Add("Idempotency-Key", "at-once-1");
            return await Resident.SendAsync(request);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Send()));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(7));
        var ids = new List<long>();
        foreach (var response in responses)
        {
            ids.Add((await ReadJsonAsync(response))["id"]!.GetValue<long>());
        }

        Assert.That(ids.Distinct().Count(), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT last_seq FROM room_topic_sequences WHERE room_id = @RoomId", new { RoomId }), Is.EqualTo(1),
            "the losers' receipt numbers were rolled back with them");
    }

    [Test]
    public async Task ReceiptNumbersGrowPastFourDigitsAndTheTopicGetsItsRegionChain()
    {
        var year = Api.Clock.GetUtcNow().Year;
        await ExecuteAsync("INSERT INTO room_topic_sequences (room_id, year, last_seq) VALUES (@RoomId, @year, 9999)", new { RoomId, year });

        var topic = await SubmitAsync();

        var receipt = topic["receiptNo"]!.GetValue<string>();
        Assert.That(receipt, Does.EndWith("-10000"));
        Assert.That(await ScalarAsync<string>("SELECT receipt_no FROM topics WHERE id = @id", new { id = topic["id"]!.GetValue<long>() }), Is.EqualTo(receipt));
        // Written by the same INSERT, from the codes of the room's path: the room's region and each level above it.
        var chain = await ScalarAsync<string>(
            "SELECT CONCAT_WS(',', region_l1, region_l2, region_l3, region_l4) FROM topics WHERE id = @id", new { id = topic["id"]!.GetValue<long>() });
        var expected = await ScalarAsync<string>(
            """
            SELECT GROUP_CONCAT(a.id ORDER BY a.level SEPARATOR ',') FROM rooms m JOIN regions r ON r.id = m.region_id
            JOIN regions a ON r.path LIKE CONCAT(a.path, '%') WHERE m.id = @RoomId
            """, new { RoomId });
        Assert.That(chain, Is.EqualTo(expected));
        Assert.That(chain.Split(',').Length, Is.EqualTo(await ScalarAsync<int>("SELECT r.level FROM rooms m JOIN regions r ON r.id = m.region_id WHERE m.id = @RoomId", new { RoomId })));
    }

    [Test]
    public async Task ARetriedSubmissionWithTheSameIdempotencyKeyReturnsTheFirstResultAndStoresOneTopic()
    {
        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{RoomId}/topics")
            {
                Content = JsonContent.Create(new { title = "垃圾桶不够", description = "小区垃圾桶太少，经常满溢。", categoryId = await CategoryIdAsync(), anonymous = true }),
            };
            request.Headers.Add("Idempotency-Key", "retry-7f3a");
            return await Resident.SendAsync(request);
        }

        var first = await Send();
        var second = await Send();

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(second))["receiptNo"]!.GetValue<string>(), Is.EqualTo((await ReadJsonAsync(first))["receiptNo"]!.GetValue<string>()));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.EqualTo(1));
    }

    [Test]
    public async Task RiskyTextIsRefusedWithAClearMessageAndNothingIsStored()
    {
        var response = await Resident.PostAsJsonAsync($"/api/rooms/{RoomId}/topics",
            new { title = "标题", description = "这里有测试违规词的内容", categoryId = await CategoryIdAsync(), anonymous = false });

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "content_risky");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM room_topic_sequences"), Is.Zero);
    }

    [Test]
    public async Task TextToBeReviewedIsStoredButHeldForModerationAndNotPublic()
    {
        var topic = await SubmitAsync(extra: new { locationText = "测试待审词" });

        Assert.That(topic["heldForModeration"]!.GetValue<bool>(), Is.True);
        var id = topic["id"]!.GetValue<long>();
        var accepted = await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });
        Assert.That(accepted["heldForModeration"]!.GetValue<bool>(), Is.False, "the reviewer's acceptance clears the hold");
    }

    [Test]
    public async Task WhenTheContentCheckIsUnreachableTheTopicIsKeptAndHeldNeverPublishedNorLost()
    {
        Api.WeChat.FailWith = new WeChatException(WeChatFailure.Unreachable, -2, "down");

        var topic = await SubmitAsync();

        Assert.That(topic["heldForModeration"]!.GetValue<bool>(), Is.True);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE moderation = 'held'"), Is.EqualTo(1));
        var queue = await ReadJsonAsync(await Reviewer.GetAsync("/api/review/queue"));
        Assert.That(queue["items"]!.AsArray().Single()!["heldForModeration"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task TheAnswerToASubmissionIsTheTopicExactlyAsItReadsBack()
    {
        // The answer is built from what the submission wrote, not read back: every kind of topic must come out the same.
        var staffVolunteer = await LoginWithRoleAsync("staff-volunteer", Roles.Volunteer, VillageCode);
        await ExecuteAsync(
            "INSERT INTO role_grants (user_id, role, region_id, created_at) SELECT user_id, 'room_admin', region_id, NOW(3) FROM role_grants WHERE role = 'volunteer'");
        var cases = new (HttpClient Client, object Extra)[]
        {
            (Resident, new { anonymous = false, proposerName = "  张阿姨 ", locationText = " 三号楼 " }),
            (Resident, new { anonymous = true, proposerName = "不显示" }),
            (Resident, new { locationText = "测试待审词" }),
            (staffVolunteer, new { onBehalfOf = new { name = "王秀英", phone = "13812345678" } }),
        };

        foreach (var (client, extra) in cases)
        {
            var answer = await SubmitAsync(client, extra: extra);
            var read = await ReadJsonAsync(await client.GetAsync($"/api/topics/{answer["id"]!.GetValue<long>()}"));

            Assert.That(answer.ToJsonString(), Is.EqualTo(read.ToJsonString()));
        }

        var last = await ReadJsonAsync(await staffVolunteer.GetAsync($"/api/topics/{await ScalarAsync<long>("SELECT MAX(id) FROM topics")}"));
        Assert.That(last["proxyContact"]!["phone"]!.GetValue<string>(), Is.EqualTo("138****5678"), "the staff view of the contact was in the answer too");
    }

    [Test]
    public async Task AVolunteerEntersATopicForAResidentWhoseContactOnlyStaffSeeMasked()
    {
        var volunteer = await LoginWithRoleAsync("volunteer", Roles.Volunteer, VillageCode);

        var topic = await SubmitAsync(volunteer, extra: new { onBehalfOf = new { name = "王秀英", phone = "13812345678" } });
        var id = topic["id"]!.GetValue<long>();

        Assert.That(topic["proposer"]!["display"]!.GetValue<string>(), Is.EqualTo("志愿者代居民提交"));
        var stored = await ScalarAsync<byte[]>("SELECT proxy_phone_enc FROM topics WHERE id = @id", new { id });
        Assert.That(System.Text.Encoding.UTF8.GetString(stored), Does.Not.Contain("13812345678"), "encrypted at rest");
        var forStaff = await ReadJsonAsync(await Reviewer.GetAsync($"/api/topics/{id}"));
        Assert.That(forStaff["proxyContact"]!["phone"]!.GetValue<string>(), Is.EqualTo("138****5678"));
        Assert.That(forStaff["proxyContact"]!["name"]!.GetValue<string>(), Is.EqualTo("王**"));
        await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });
        var publicText = await (await Anonymous.GetAsync($"/api/topics/{id}")).Content.ReadAsStringAsync();
        Assert.That(publicText, Does.Not.Contain("5678").And.Not.Contain("王"));
    }

    [TestCase("0517-83661234", "051****1234")]
    [TestCase("051783661234", "051****1234")]
    [TestCase("010-6512345", "010****2345")]
    public async Task AVolunteerMayGiveALandlineWithItsAreaCodeAsTheResidentsContact(string landline, string masked)
    {
        var volunteer = await LoginWithRoleAsync("volunteer", Roles.Volunteer, VillageCode);

        var topic = await SubmitAsync(volunteer, extra: new { onBehalfOf = new { name = "王秀英", phone = landline } });

        var forStaff = await ReadJsonAsync(await Reviewer.GetAsync($"/api/topics/{topic["id"]!.GetValue<long>()}"));
        Assert.That(forStaff["proxyContact"]!["phone"]!.GetValue<string>(), Is.EqualTo(masked));
    }

    [TestCase("0517-8366")]
    [TestCase("0517—83661234")]
    [TestCase("0517 83661234")]
    [TestCase("83661234")]
    [TestCase("0517-83661234-801")]
    [TestCase("1381234567a")]
    public async Task AContactThatIsNeitherAMobileNorALandlineIsAChineseFieldErrorAndStoresNothing(string phone)
    {
        var volunteer = await LoginWithRoleAsync("volunteer", Roles.Volunteer, VillageCode);

        var response = await volunteer.PostAsJsonAsync($"/api/rooms/{RoomId}/topics",
            new { title = "楼道灯坏了", description = "三单元楼道灯坏了一个月。", categoryId = await CategoryIdAsync(), anonymous = true, onBehalfOf = new { name = "王秀英", phone } });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["onBehalfOf.phone"]![0]!.GetValue<string>(), Is.EqualTo("请填写正确的手机号（11 位）或座机号（区号-号码，如 0517-83661234）。"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.Zero);
    }

    [Test]
    public async Task OnlyAVolunteerOverTheRoomMaySubmitOnBehalfOfSomeone()
    {
        var response = await Resident.PostAsJsonAsync($"/api/rooms/{RoomId}/topics",
            new { title = "代提", description = "帮邻居提一个问题。", categoryId = await CategoryIdAsync(), anonymous = false, onBehalfOf = new { name = "李" } });

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.Zero);
    }

    [Test]
    public async Task BadInputListsEveryFieldAndStoresNothing()
    {
        var response = await Resident.PostAsJsonAsync($"/api/rooms/{RoomId}/topics",
            new { title = new string('长', 101), description = "短", categoryId = -1, anonymous = false, onBehalfOf = new { phone = "12" } });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.SupersetOf(new[] { "title", "description", "categoryId", "onBehalfOf.phone" }));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.Zero);
    }

    [Test]
    public async Task AClosedRoomTakesNoNewTopics()
    {
        await ExecuteAsync("UPDATE rooms SET is_active = 0 WHERE id = @RoomId", new { RoomId });

        var response = await Resident.PostAsJsonAsync($"/api/rooms/{RoomId}/topics",
            new { title = "标题", description = "一个正常的问题描述。", categoryId = await CategoryIdAsync(), anonymous = false });

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "room_closed");
    }

    [Test]
    public async Task AnonymousCallersCannotSubmit()
    {
        var response = await Anonymous.PostAsJsonAsync($"/api/rooms/{RoomId}/topics",
            new { title = "标题", description = "一个正常的问题描述。", categoryId = await CategoryIdAsync(), anonymous = false });

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
