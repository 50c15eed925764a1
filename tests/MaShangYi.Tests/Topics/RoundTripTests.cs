using System.Net;
using System.Net.Http.Json;
using MaShangYi.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using MySqlConnector;

namespace MaShangYi.Tests.Topics;

/// <summary>
/// The hot paths' round trips to the database, counted on the wire by a relay between the API and the database: a
/// submission, the common staff actions and a topic detail. A change that adds one fails here. Connection resets (a
/// pooled connection taken again) are round trips of their own, not queries, and are not counted. The API behind the relay is a
/// second host of the same application (same database, clock and keys), so the other tests keep their direct connection.
/// </summary>
[NonParallelizable]
public sealed class RoundTripTests : MeetingTest
{
    private static RoundTripCounter _counter = null!;
    private static WebApplicationFactory<Program> _relayed = null!;

    [OneTimeSetUp]
    public static void StartRelay()
    {
        var direct = new MySqlConnectionStringBuilder(TestRun.ConnectionString);
        _counter = new RoundTripCounter(direct.Server, (int)direct.Port);
        var relayed = new MySqlConnectionStringBuilder(direct.ConnectionString) { Server = "127.0.0.1", Port = (uint)_counter.Port, SslMode = MySqlSslMode.None };
        _relayed = Api.WithWebHostBuilder(b => b.UseSetting("Database:ConnectionString", relayed.ConnectionString));
        _ = _relayed.Server;
    }

    [OneTimeTearDown]
    public static async Task StopRelayAsync()
    {
        await _relayed.DisposeAsync();
        await _counter.DisposeAsync();
    }

    /// <summary><paramref name="as"/>'s credentials on a client of the relayed host.</summary>
    private static HttpClient Relayed(HttpClient @as)
    {
        var client = _relayed.CreateClient();
        client.DefaultRequestHeaders.Authorization = @as.DefaultRequestHeaders.Authorization;
        return client;
    }

    /// <summary>The round trips of one request (the tests send a like request first, so connections are pooled already).</summary>
    private static async Task<IReadOnlyList<string>> CountAsync(Func<Task<HttpResponseMessage>> send)
    {
        _counter.Reset();
        var response = await send();
        Assert.That(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return _counter.Flights;
    }

    [Test]
    public async Task APublicTopicDetailIsOneQueryRoundTrip()
    {
        var id = await AnnouncedTopicAsync();
        var client = _relayed.CreateClient(); // anonymous: a signed-in caller's grants are one more read, on their own connection
        await CountAsync(() => client.GetAsync($"/api/topics/{id}"));

        var flights = await CountAsync(() => client.GetAsync($"/api/topics/{id}"));

        Assert.That(flights.Count(f => f == "query"), Is.EqualTo(1), string.Join(", ", flights));
        Assert.That(flights.Count(f => f is not ("query" or "reset")), Is.Zero, "a pooled connection, nothing else: " + string.Join(", ", flights));
    }

    [Test]
    public async Task ARoomsPublicListIsOneQueryRoundTripAndARegionsTwo()
    {
        var id = await AnnouncedTopicAsync();
        var regions = await QueryAsync<long>(
            "SELECT region_l1 FROM topics WHERE id = @id UNION ALL SELECT region_l2 FROM topics WHERE id = @id UNION ALL " +
            "SELECT region_l3 FROM topics WHERE id = @id UNION ALL SELECT region_l4 FROM topics WHERE id = @id", new { id });
        Assert.That(regions, Has.Count.EqualTo(4).And.All.GreaterThan(0), "the test room lies under a city, county, town and village");
        var client = _relayed.CreateClient();

        // A region's list reads the region first: its level names the column and index the page reads along.
        foreach (var (path, queries) in regions.Select(r => ($"/api/regions/{r}/topics", 2)).Prepend(($"/api/rooms/{RoomId}/topics", 1)))
        {
            await CountAsync(() => client.GetAsync(path));
            var flights = await CountAsync(() => client.GetAsync(path));

            Assert.That(Queries(flights), Is.EqualTo(queries), path + ": " + string.Join(", ", flights));
            var page = await ReadJsonAsync(await client.GetAsync(path + "?limit=50"));
            Assert.That(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()), Does.Contain(id), path);
        }

        _counter.Reset();
        await AssertProblemAsync(await client.GetAsync("/api/rooms/999999/topics"), HttpStatusCode.NotFound, "room_not_found");
        Assert.That(Queries(_counter.Flights), Is.EqualTo(1), "whether the room exists comes with the page");
    }

    [Test]
    public async Task ARoomsNoticeBoardIsOneQueryRoundTripAndARegionsTwo()
    {
        var id = await AnnouncedTopicAsync();
        var title = await ScalarAsync<string>("SELECT title FROM topics WHERE id = @id", new { id });
        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });
        var codes = await QueryAsync<string>(
            "SELECT g.code FROM topics t JOIN regions g ON g.id IN (t.region_l1, t.region_l2, t.region_l3, t.region_l4) WHERE t.id = @id ORDER BY g.level", new { id });
        Assert.That(codes, Has.Count.EqualTo(4), "the test room lies under a city, county, town and village");
        var client = _relayed.CreateClient();

        // The room, its region path and its board by the scene; a region's board reads the region first (its level names
        // the column and index the board reads along), then its path, rooms and board.
        foreach (var (path, queries) in codes.Select(c => ($"/board/regions/{c}", 2)).Prepend(($"/board/rooms/{scene}", 1)).Append(($"/r/{scene}", 1)))
        {
            await CountAsync(() => client.GetAsync(path));
            var flights = await CountAsync(() => client.GetAsync(path));

            Assert.That(Queries(flights), Is.EqualTo(queries), path + ": " + string.Join(", ", flights));
            var page = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
            Assert.That(page, Does.Contain(System.Net.WebUtility.HtmlEncode(title)), path + ": the announced topic is on the board");
        }

        var roomPage = await (await client.GetAsync($"/board/rooms/{scene}")).Content.ReadAsStringAsync();
        foreach (var name in await QueryAsync<string>("SELECT name FROM regions WHERE code IN @codes", new { codes }))
        {
            Assert.That(roomPage, Does.Contain(System.Net.WebUtility.HtmlEncode(name)), "the room's region path came in the same round trip: " + name);
        }

        _counter.Reset();
        var missing = await client.GetAsync("/board/rooms/ZZZZZZZZ");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Queries(_counter.Flights), Is.EqualTo(1), "whether the room exists comes with its board");
    }

    [Test]
    public async Task ARoomsAndARegionsOwnPageAreOneQueryRoundTripWithTheirPath()
    {
        var chain = (await QueryAsync<(long Id, string Code)>(
            "SELECT r.id, r.code FROM rooms m JOIN regions v ON v.id = m.region_id JOIN regions r ON v.path LIKE CONCAT(r.path, '%') WHERE m.id = @RoomId ORDER BY r.level",
            new { RoomId })).ToList();
        Assert.That(chain, Has.Count.EqualTo(4), "the test room lies under a city, county, town and village");
        var client = _relayed.CreateClient();

        var pages = chain.Select((r, i) => ($"/api/regions/{r.Id}", i + 1)).Prepend(($"/api/rooms/{RoomId}", 4));
        foreach (var (path, pathLength) in pages)
        {
            await CountAsync(() => client.GetAsync(path));
            var flights = await CountAsync(() => client.GetAsync(path));

            Assert.That(flights, Is.EqualTo(new[] { "query" }), path + ": one query on a read's connection (no reset)");
            var page = await ReadJsonAsync(await client.GetAsync(path));
            var codes = (page["regionPath"] ?? page["path"])!.AsArray().Select(r => r!["code"]!.GetValue<string>());
            Assert.That(codes, Is.EqualTo(chain.Take(pathLength).Select(r => r.Code)), path + ": its path from the city, in the same round trip");
        }

        var town = await ReadJsonAsync(await client.GetAsync($"/api/regions/{chain[2].Id}"));
        Assert.That(town["children"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()), Does.Contain(chain[3].Id), "a region's children come in the same round trip");
        foreach (var path in new[] { $"/api/rooms?regionId={chain[2].Id}", $"/api/regions?parentId={chain[1].Id}" })
        {
            await CountAsync(() => client.GetAsync(path));
            Assert.That(await CountAsync(() => client.GetAsync(path)), Is.EqualTo(new[] { "query" }), path + ": one query on a read's connection");
        }

        foreach (var (path, code) in new[] { ("/api/rooms/999999", "room_not_found"), ("/api/regions/999999", "region_not_found") })
        {
            _counter.Reset();
            await AssertProblemAsync(await client.GetAsync(path), HttpStatusCode.NotFound, code);
            Assert.That(Queries(_counter.Flights), Is.EqualTo(1), path);
        }
    }

    [Test]
    public async Task AReceiptLookupIsOneQueryRoundTripWhetherTheTopicIsPublicYetOrNot()
    {
        var waiting = (await SubmitAsync(title: "还在审核的问题"))["id"]!.GetValue<long>();
        var announced = await AnnouncedTopicAsync();
        var client = _relayed.CreateClient(); // anonymous: a signed-in caller's grants are one more read, on their own connection

        foreach (var (id, shown) in new[] { (waiting, "status"), (announced, "topic") })
        {
            var path = $"/api/topics/by-receipt/{await ScalarAsync<string>("SELECT receipt_no FROM topics WHERE id = @id", new { id })}";
            await CountAsync(() => client.GetAsync(path));
            var flights = await CountAsync(() => client.GetAsync(path));

            Assert.That(Queries(flights), Is.EqualTo(1), shown + ": " + string.Join(", ", flights));
            var lookup = await ReadJsonAsync(await client.GetAsync(path));
            Assert.That(lookup[shown], Is.Not.Null, shown);
            Assert.That(lookup[shown == "topic" ? "status" : "topic"], Is.Null, shown);
        }

        var status = (await ReadJsonAsync(await client.GetAsync(
            $"/api/topics/by-receipt/{await ScalarAsync<string>("SELECT receipt_no FROM topics WHERE id = @waiting", new { waiting })}")))["status"]!;
        Assert.That(status["statusName"]!.GetValue<string>(), Is.EqualTo("审核中"));
        Assert.That(status["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "submit" }), "the timeline comes in the same round trip");
        Assert.That(status.ToJsonString(), Does.Not.Contain("还在审核的问题"), "a topic under review shows where it stands, not its content");
    }

    [Test]
    public async Task ASubmissionTakesThreeQueryRoundTrips()
    {
        var category = await CategoryIdAsync();
        var client = Relayed(Resident);
        var n = 0;
        Task<HttpResponseMessage> Submit()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{RoomId}/topics")
            {
                Content = JsonContent.Create(new { title = "路灯不亮", description = "三号楼前的路灯坏了一个月。", categoryId = category }),
            };
            request.Headers.Add("Idempotency-Key", $"round-trips-{++n}");
            return client.SendAsync(request);
        }

        await CountAsync(Submit);
        var flights = await CountAsync(Submit);

        // The facts (with the reviewers to tell); begin, the topic and its event; the messages, the rollups and commit.
        Assert.That(flights.Count(f => f == "query"), Is.LessThanOrEqualTo(3), string.Join(", ", flights));
    }

    /// <summary>The query round trips of the second of two like staff actions (the first warms the pool).</summary>
    private static async Task<IReadOnlyList<string>> SecondActionAsync(HttpClient @as, Func<HttpClient, int, Task<HttpResponseMessage>> act)
    {
        var client = Relayed(@as);
        await CountAsync(() => act(client, 0));
        return await CountAsync(() => act(client, 1));
    }

    private static int Queries(IReadOnlyList<string> flights) => flights.Count(f => f == "query");

    [Test]
    public async Task SupportingATopicAndWithdrawingTheSupportTakeThreeQueryRoundTripsEach()
    {
        var id = await AnnouncedTopicAsync();
        var client = Relayed(Resident);

        var supported = await CountAsync(() => client.PostAsync($"/api/topics/{id}/support", null));
        var withdrawn = await CountAsync(() => client.DeleteAsync($"/api/topics/{id}/support"));

        // The topic's state with the resident's grants; begin, the topic's lock with its count, and the support; the
        // count and commit.
        Assert.That(Queries(supported), Is.LessThanOrEqualTo(3), string.Join(", ", supported));
        Assert.That(Queries(withdrawn), Is.LessThanOrEqualTo(3), string.Join(", ", withdrawn));
    }

    [Test]
    public async Task SigningUpToAMeetingAndCancellingTakeFourQueryRoundTripsEach()
    {
        var id = await AnnouncedTopicAsync();
        var (_, meetingId) = await ScheduleAsync(id, OfflineMeeting(inHours: 2));
        var client = Relayed(Resident);

        var signedUp = await CountAsync(() => client.PostAsJsonAsync($"/api/topics/{id}/meetings/{meetingId}/signups", new { attendMode = "offline" }));
        var cancelled = await CountAsync(() => client.DeleteAsync($"/api/topics/{id}/meetings/{meetingId}/signups"));

        // The topic's state with the resident's grants; begin, the topic's and the meeting's locks and the resident's
        // sign-up; the participant, the count and commit; the answer's detail.
        Assert.That(Queries(signedUp), Is.LessThanOrEqualTo(4), string.Join(", ", signedUp));
        Assert.That(Queries(cancelled), Is.LessThanOrEqualTo(4), string.Join(", ", cancelled));
    }

    [Test]
    public async Task CommentingOrReportingACommentTakesThreeQueryRoundTripsAndReadingTheCommentsTwo()
    {
        var id = await AnnouncedTopicAsync();
        var client = Relayed(Resident);
        await client.PostAsJsonAsync($"/api/topics/{id}/comments", new { stance = "support", body = "赞成尽快修好。" });
        await client.GetAsync($"/api/topics/{id}/comments");

        var posted = await CountAsync(() => client.PostAsJsonAsync($"/api/topics/{id}/comments", new { stance = "doubt", body = "费用由谁出？" }));
        var listed = await CountAsync(() => client.GetAsync($"/api/topics/{id}/comments"));
        var commentId = (await ReadJsonAsync(await client.GetAsync($"/api/topics/{id}/comments")))["items"]!.AsArray()[0]!["id"]!.GetValue<long>();
        await Relayed(Reviewer).PostAsJsonAsync($"/api/topics/{id}/comments/{commentId}/report", new { });
        var reported = await CountAsync(() => Relayed(RoomAdmin).PostAsJsonAsync($"/api/topics/{id}/comments/{commentId}/report", new { reason = "广告" }));

        // The topic's state with the resident's grants, openid and photos; begin, the comment, the count and its id; commit.
        Assert.That(Queries(posted), Is.LessThanOrEqualTo(3), string.Join(", ", posted));
        // The topic's state with the grants; the page. On a read's connection: no reset.
        Assert.That(Queries(listed), Is.LessThanOrEqualTo(2), string.Join(", ", listed));
        Assert.That(listed, Does.Not.Contain("reset"), string.Join(", ", listed));
        // The topic's state with the grants and the comment; begin, the comment's lock and the report; the count and commit.
        Assert.That(Queries(reported), Is.LessThanOrEqualTo(3), string.Join(", ", reported));
        var page = await ReadJsonAsync(await client.GetAsync($"/api/topics/{id}/comments"));
        Assert.That(page["items"]!.AsArray().Select(c => c!["body"]!.GetValue<string>()), Is.EqualTo(new[] { "费用由谁出？", "赞成尽快修好。" }));
        Assert.That(await ScalarAsync<int>("SELECT comment_count FROM topics WHERE id = @id", new { id }), Is.EqualTo(2));
    }

    [Test]
    public async Task ARoomsMeetingsAreOneQueryRoundTripARegionsTwoAndTheCallersSignUpsOne()
    {
        var first = await AnnouncedTopicAsync();
        var (_, early) = await ScheduleAsync(first, OfflineMeeting(inHours: 2));
        var second = await AnnouncedTopicAsync();
        var (_, late) = await ScheduleAsync(second, OfflineMeeting(inHours: 5));
        var town = await RegionIdAsync(TownCode);
        var client = Relayed(Resident);

        foreach (var (path, queries, ids) in new[]
                 {
                     ($"/api/meetings?roomId={RoomId}", 1, new[] { early, late }),
                     ($"/api/meetings?roomId={RoomId}&after={early}", 1, new[] { late }),
                     ($"/api/meetings?regionId={town}&limit=1", 2, new[] { early }),
                     ($"/api/meetings?regionId={town}&after={early}", 2, new[] { late }),
                 })
        {
            await CountAsync(() => client.GetAsync(path));
            var flights = await CountAsync(() => client.GetAsync(path));

            Assert.That(Queries(flights), Is.EqualTo(queries), path + ": " + string.Join(", ", flights));
            Assert.That(flights, Does.Not.Contain("reset"), path + ": a read's connection");
            var page = await ReadJsonAsync(await client.GetAsync(path));
            Assert.That(page["items"]!.AsArray().Select(m => m!["id"]!.GetValue<long>()), Is.EqualTo(ids), path);
        }

        _counter.Reset();
        await AssertProblemAsync(await client.GetAsync("/api/meetings?roomId=999999"), HttpStatusCode.NotFound, "room_not_found");
        await AssertProblemAsync(await client.GetAsync($"/api/meetings?roomId={RoomId}&after=999999"), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(Queries(_counter.Flights), Is.EqualTo(2), "whether the room and the page's start exist come with the page");

        await client.PostAsJsonAsync($"/api/topics/{first}/meetings/{early}/signups", new { attendMode = "offline" });
        var mine = await CountAsync(() => client.GetAsync($"/api/me/signups?meetingIds={early},{late}"));
        Assert.That(Queries(mine), Is.EqualTo(1), string.Join(", ", mine));
        Assert.That(mine, Does.Not.Contain("reset"), "a read's connection");
    }

    [Test]
    public async Task TheCatalogAndAPhotoAreOneQueryEachOnAReadsConnection()
    {
        var client = _relayed.CreateClient();
        foreach (var path in new[] { "/api/categories", "/api/review-criteria" })
        {
            await CountAsync(() => client.GetAsync(path));
            var flights = await CountAsync(() => client.GetAsync(path));
            Assert.That(flights, Is.EqualTo(new[] { "query" }), path);
        }

        // A photo a page shows (here one that is not there: the same read decides it).
        const string photo = "/api/photos/AAAAAAAAAAAAAAAAAAAAAA/thumb.jpg";
        await client.GetAsync(photo);
        _counter.Reset();
        await AssertProblemAsync(await client.GetAsync(photo), HttpStatusCode.NotFound, "photo_not_found");
        Assert.That(_counter.Flights, Is.EqualTo(new[] { "query" }), "the photo's read, on a read's connection");
    }

    [Test]
    public async Task StaffListsAreTheGrantsAndOneQueryOnAReadsConnection()
    {
        await AnnouncedTopicAsync();
        var implementer = await LoginWithRoleAsync("implementer", MaShangYi.Api.Infrastructure.Auth.Roles.Implementer, TownCode, "区住建局");
        foreach (var (who, path) in new[] { (RoomAdmin, "/api/due"), (RoomAdmin, "/api/moderation/queue"), (implementer, "/api/me/tasks") })
        {
            var client = Relayed(who);
            await CountAsync(() => client.GetAsync(path));
            var flights = await CountAsync(() => client.GetAsync(path));

            Assert.That(flights, Is.EqualTo(new[] { "query", "query" }), path + ": the caller's grants, then the list, on a read's connection each");
        }
    }

    /// <summary>A 12345 hotline's system polls its requests' statuses: the channel's credential, then the statuses, on a read's connection each.</summary>
    [Test]
    public async Task AChannelPollingItsRequestsIsTwoQueriesOnAReadsConnection()
    {
        var created = await ReadJsonAsync(await CityAdmin.PostAsJsonAsync("/api/channels", new { name = "12345热线", kind = "hotline_12345" }));
        var client = _relayed.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", created["credential"]!.GetValue<string>());
        const string path = "/open311/v2/requests.json";
        await CountAsync(() => client.GetAsync(path));

        var flights = await CountAsync(() => client.GetAsync(path));

        Assert.That(flights, Is.EqualTo(new[] { "query", "query" }), "the credential, then the statuses");
    }

    [Test]
    public async Task AcceptingATopicTakesThreeQueryRoundTrips()
    {
        long[] ids = [(await SubmitAsync())["id"]!.GetValue<long>(), (await SubmitAsync(title: "楼道灯不亮"))["id"]!.GetValue<long>()];

        var flights = await SecondActionAsync(Reviewer, (client, i) => client.PostAsJsonAsync($"/api/topics/{ids[i]}/accept", new { announcementEndsOn = Today(7) }));

        // Begin, the topic's lock, its state and the reviewer's grants; the update, the event, the message, the rollups
        // and commit; the answer's detail.
        Assert.That(Queries(flights), Is.LessThanOrEqualTo(3), string.Join(", ", flights));
    }

    [Test]
    public async Task TheReviewQueueWithSimilarTopicsForEveryItemTakesThreeQueryRoundTrips()
    {
        await AnnouncedTopicAsync();
        var townRoom = await ScalarAsync<long>("SELECT m.id FROM rooms m JOIN regions r ON r.id = m.region_id WHERE r.code = @TownCode", new { TownCode });
        await SubmitAsync();
        await SubmitAsync(roomId: townRoom, title: "楼道灯不亮");
        await SubmitAsync(title: "东门路灯不亮");
        var client = Relayed(Reviewer);
        await CountAsync(() => client.GetAsync("/api/review/queue"));

        var flights = await CountAsync(() => client.GetAsync("/api/review/queue"));

        // The reviewer's grants; the page; the items' texts and the candidates of all their towns, however many items.
        Assert.That(Queries(flights), Is.LessThanOrEqualTo(3), string.Join(", ", flights));
    }

    [Test]
    public async Task RejectingATopicTakesFourQueryRoundTrips()
    {
        long[] ids = [(await SubmitAsync())["id"]!.GetValue<long>(), (await SubmitAsync(title: "楼道灯不亮"))["id"]!.GetValue<long>()];
        var criterion = await CriterionIdAsync();

        var flights = await SecondActionAsync(Reviewer, (client, i) => client.PostAsJsonAsync($"/api/topics/{ids[i]}/reject", new { criterionId = criterion, reason = "不属于公共事务" }));

        // As accepting, and the criterion's check.
        Assert.That(Queries(flights), Is.LessThanOrEqualTo(4), string.Join(", ", flights));
    }

    [Test]
    public async Task HidingACommentTakesFourQueryRoundTrips()
    {
        var id = await AnnouncedTopicAsync();
        var comments = new List<long>();
        foreach (var body in new[] { "某某家的人都不是好东西", "某某家的人真不讲理" })
        {
            var posted = await Resident.PostAsJsonAsync($"/api/topics/{id}/comments", new { stance = "support", body });
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await posted.Content.ReadAsStringAsync());
            comments.Add((await ReadJsonAsync(posted))["id"]!.GetValue<long>());
        }

        var flights = await SecondActionAsync(RoomAdmin, (client, i) => client.PostAsJsonAsync($"/api/topics/{id}/comments/{comments[i]}/hide", new { reason = "含有人身攻击" }));

        // As accepting, and the comment's own lock.
        Assert.That(Queries(flights), Is.LessThanOrEqualTo(4), string.Join(", ", flights));
    }

    [Test]
    public async Task AnsweringADoubtTakesFourQueryRoundTrips()
    {
        var id = await AnnouncedTopicAsync();
        var comments = new List<long>();
        foreach (var body in new[] { "电费谁出？", "施工会不会影响停车？" })
        {
            var posted = await Resident.PostAsJsonAsync($"/api/topics/{id}/comments", new { stance = "doubt", body });
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await posted.Content.ReadAsStringAsync());
            comments.Add((await ReadJsonAsync(posted))["id"]!.GetValue<long>());
        }

        var flights = await SecondActionAsync(RoomAdmin, (client, i) => client.PostAsJsonAsync($"/api/topics/{id}/comments/{comments[i]}/answer", new { text = "由物业支出。" }));

        // As accepting, and the comment's lock with the answering staff's openid for the content check; the answer, the
        // statistics and the commenter's message ride with the other writes.
        Assert.That(Queries(flights), Is.LessThanOrEqualTo(4), string.Join(", ", flights));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM comment_answers WHERE topic_id = @id", new { id }), Is.EqualTo(2));
    }

    [Test]
    public async Task ReportingProgressTakesFourQueryRoundTrips()
    {
        const string unit = "区住建局";
        var implementer = await LoginWithRoleAsync("implementer", MaShangYi.Api.Infrastructure.Auth.Roles.Implementer, TownCode, unit);
        var (id, _) = await DeliberatedTopicAsync();
        await ActAsync(RoomAdmin, id, "resolution", new { text = "两周内更换三号楼前路灯。", deadline = Today(14) });
        var topic = await ActAsync(RoomAdmin, id, "tasks", new { title = "更换路灯", leadPerson = "李工", unit, dueOn = Today(14) });
        var taskId = topic["tasks"]!.AsArray().Single()!["id"]!.GetValue<long>();

        var flights = await SecondActionAsync(implementer, (client, i) => client.PostAsJsonAsync($"/api/topics/{id}/tasks/{taskId}/progress", new { progress = 40 + (i * 20), note = "正在施工" }));

        // As accepting, and the task's read.
        Assert.That(Queries(flights), Is.LessThanOrEqualTo(4), string.Join(", ", flights));
    }

    [Test]
    public async Task SchedulingAMeetingWithInvitedPartiesTakesThreeQueryRoundTrips()
    {
        long[] ids = [await AnnouncedTopicAsync(), await AnnouncedTopicAsync()];

        var flights = await SecondActionAsync(RoomAdmin, (client, i) => client.PostAsJsonAsync($"/api/topics/{ids[i]}/meetings", OfflineMeeting()));

        // The lock with the state and grants; the meeting, each participant, the event, the observers and commit; the detail.
        Assert.That(Queries(flights), Is.LessThanOrEqualTo(3), string.Join(", ", flights));
        Assert.That(await CountAsync("meeting_participants", ids[1]), Is.EqualTo(2), "both invited parties are stored with the meeting");
    }

    [Test]
    public async Task RecordingMinutesTakesFourQueryRoundTrips()
    {
        var first = await ScheduledTopicAsync(OfflineMeeting(inHours: 0.1));
        var second = await ScheduledTopicAsync(OfflineMeeting(inHours: 0.1));
        (long Topic, long Meeting)[] meetings = [first, second];
        Api.Clock.Advance(TimeSpan.FromMinutes(10));

        var flights = await SecondActionAsync(RoomAdmin, (client, i) =>
            client.PostAsJsonAsync($"/api/topics/{meetings[i].Topic}/meetings/{meetings[i].Meeting}/minutes", new { minutes = "与会各方同意更换路灯。" }));

        // As accepting, and the meeting's lock; the meeting held is counted in the statistics with the other writes.
        Assert.That(Queries(flights), Is.LessThanOrEqualTo(4), string.Join(", ", flights));
    }

    [Test]
    public async Task AddingATaskWithMilestonesTakesFourQueryRoundTrips()
    {
        var ids = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            var (id, _) = await DeliberatedTopicAsync();
            await ActAsync(RoomAdmin, id, "resolution", new { text = "两周内更换三号楼前路灯。", deadline = Today(14) });
            ids.Add(id);
        }

        var flights = await SecondActionAsync(RoomAdmin, (client, i) => client.PostAsJsonAsync($"/api/topics/{ids[i]}/tasks", new
        {
            title = "更换路灯", leadPerson = "李工", unit = "区住建局", dueOn = Today(14),
            milestones = new[] { new { title = "采购灯具", dueOn = Today(5) }, new { title = "安装调试", dueOn = Today(12) } },
        }));

        // The lock; the task, its milestones and the read of the unit's implementers to tell (carrying them); the
        // event, the messages, the observers and commit; the detail.
        Assert.That(Queries(flights), Is.LessThanOrEqualTo(4), string.Join(", ", flights));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM task_milestones m JOIN tasks k ON k.id = m.task_id WHERE k.topic_id = @id", new { id = ids[1] }),
            Is.EqualTo(2), "both milestones belong to the new task");
    }

    [Test]
    public async Task EveryStaffActionOfATopicsLifeTakesAtMostFourQueryRoundTrips()
    {
        const string unit = "区住建局";
        var implementer = await LoginWithRoleAsync("implementer", MaShangYi.Api.Infrastructure.Auth.Roles.Implementer, TownCode, unit);
        var cppcc = await LoginWithRoleAsync("cppcc", MaShangYi.Api.Infrastructure.Auth.Roles.CppccMember, TownCode);
        var counts = new List<string>();

        async Task<System.Text.Json.Nodes.JsonObject> Act(HttpClient @as, long id, string action, object body)
        {
            var flights = await CountAsync(() => Relayed(@as).PostAsJsonAsync($"/api/topics/{id}/{action}", body));
            counts.Add($"{action}: {Queries(flights)}");
            return (await ReadJsonAsync(await @as.GetAsync($"/api/topics/{id}")));
        }

        var main = (await SubmitAsync())["id"]!.GetValue<long>();
        await Act(Reviewer, main, "accept", new { announcementEndsOn = Today(7) });
        await Act(cppcc, main, "research", new { note = "入户走访" });
        await Act(cppcc, main, "reports", new { title = "路灯调研", body = "三号楼前有两盏路灯损坏。", authorUnit = "区政协" });
        var meeting = OfflineMeeting(inHours: 0.1);
        var scheduled = await Act(RoomAdmin, main, "meetings", meeting);
        var meetingId = scheduled["meetings"]!.AsArray().Max(m => m!["id"]!.GetValue<long>());
        Api.Clock.Advance(TimeSpan.FromMinutes(10));
        await Act(RoomAdmin, main, $"meetings/{meetingId}/minutes", new { minutes = "与会各方同意更换路灯。" });
        await Act(RoomAdmin, main, "resolution", new { text = "两周内更换三号楼前路灯。", deadline = Today(14) });
        var tasked = await Act(RoomAdmin, main, "tasks", new { title = "更换路灯", leadPerson = "李工", unit, dueOn = Today(14) });
        var taskId = tasked["tasks"]!.AsArray().Single()!["id"]!.GetValue<long>();
        await Act(implementer, main, $"tasks/{taskId}/progress", new { progress = 100, note = "已更换" });
        await Act(RoomAdmin, main, "complete", new { result = "两盏路灯已更换。" });
        await Act(RoomAdmin, main, "classify", new { @class = "A" });
        await Act(RoomAdmin, main, "reopen", new { reason = "居民反映仍有一盏未修" });
        await Act(RoomAdmin, main, "escalate", new { kind = "npc_proposal", target = "区人大常委会" });
        await Act(RoomAdmin, main, "close", new { note = "已转人大建议办理" });

        var rejected = (await SubmitAsync(title: "楼上噪音"))["id"]!.GetValue<long>();
        await Act(Reviewer, rejected, "reject", new { criterionId = await CriterionIdAsync(), reason = "属于个人纠纷，请通过调解解决。" });
        var referred = (await SubmitAsync(title: "井盖松动"))["id"]!.GetValue<long>();
        await Act(Reviewer, referred, "refer", new { target = "清江浦区住建局", reference = "GD-77" });
        var merged = (await SubmitAsync(title: "路灯又坏了"))["id"]!.GetValue<long>();
        await Act(Reviewer, merged, "merge", new { intoTopicId = main });

        TestContext.Out.WriteLine(string.Join("; ", counts));
        Assert.That(counts, Has.Count.EqualTo(16), "every action was counted");
        Assert.That(counts.Where(c => int.Parse(c[(c.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) > 4), Is.Empty,
            string.Join("; ", counts));
    }

    /// <summary>
    /// A change is answered with the topic read back on the connection that committed it, and a submission retried by its
    /// key with the topic read on the connection that found it: on a cluster a second connection may reach a node that
    /// has not applied the change yet (a switchover behind the proxy), and the answer would be a topic not found. (The
    /// retry's two reads took the same pooled connection before too, one at a time; it is here for its answer.)
    /// </summary>
    [Test]
    public async Task AChangeIsAnsweredOnTheConnectionThatMadeItAndARetriedSubmissionOnTheOneThatFoundIt()
    {
        var category = await CategoryIdAsync();
        var resident = Relayed(Resident);
        HttpRequestMessage Submission() => new(HttpMethod.Post, $"/api/rooms/{RoomId}/topics")
        {
            Content = JsonContent.Create(new { title = "路灯不亮", description = "三号楼前的路灯坏了一个月。", categoryId = category }),
            Headers = { { "Idempotency-Key", "read-back-retry" } },
        };
        var first = await resident.SendAsync(Submission());
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
        var id = (await ReadJsonAsync(first))["id"]!.GetValue<long>();
        var answers = new List<string>();

        async Task<System.Text.Json.Nodes.JsonObject> Counted(string what, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
        {
            _counter.Reset();
            var response = await send();
            Assert.That(response.StatusCode, Is.EqualTo(expected), $"{what}: {await response.Content.ReadAsStringAsync()}");
            // The answer is the last query; the commit (or, for the retry, the facts) the one before it.
            var on = _counter.QueryConnections;
            answers.Add($"{what}: {on.Count} queries on connections {string.Join(" ", on)}{(on.Count >= 2 && on[^1] == on[^2] ? "" : " (answered elsewhere)")}");
            var topic = await ReadJsonAsync(response);
            Assert.That(topic["id"]!.GetValue<long>(), Is.EqualTo(id), what);
            return topic;
        }

        var retried = await Counted("retried submission", () => resident.SendAsync(Submission()), HttpStatusCode.OK);
        Assert.That(retried["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
        var accepted = await Counted("accept", () => Relayed(Reviewer).PostAsJsonAsync($"/api/topics/{id}/accept", new { announcementEndsOn = Today(7) }), HttpStatusCode.OK);
        Assert.That(accepted["status"]!.GetValue<string>(), Is.EqualTo("announced"));
        var (_, meetingId) = await ScheduleAsync(id, OfflineMeeting(inHours: 0.1));
        var signedUp = await Counted("sign-up", () => resident.PostAsJsonAsync($"/api/topics/{id}/meetings/{meetingId}/signups", new { attendMode = "offline" }), HttpStatusCode.OK);
        Assert.That(MeetingOf(signedUp, meetingId)["signedUpByMe"]!.GetValue<bool>(), Is.True);
        var cancelled = await Counted("cancelled sign-up", () => resident.DeleteAsync($"/api/topics/{id}/meetings/{meetingId}/signups"), HttpStatusCode.OK);
        Assert.That(MeetingOf(cancelled, meetingId)["signedUpByMe"]!.GetValue<bool>(), Is.False);
        Api.Clock.Advance(TimeSpan.FromMinutes(10));
        await ActAsync(RoomAdmin, id, $"meetings/{meetingId}/minutes", new { minutes = "与会各方同意更换路灯。" });
        await ActAsync(RoomAdmin, id, "resolution", new { text = "两周内更换三号楼前路灯。", deadline = Today(14) });
        const string unit = "区住建局";
        var implementer = await LoginWithRoleAsync("read-back-implementer", MaShangYi.Api.Infrastructure.Auth.Roles.Implementer, TownCode, unit);
        var tasked = await ActAsync(RoomAdmin, id, "tasks", new { title = "更换路灯", leadPerson = "李工", unit, dueOn = Today(14) });
        var taskId = tasked["tasks"]!.AsArray().Single()!["id"]!.GetValue<long>();
        await ActAsync(implementer, id, $"tasks/{taskId}/progress", new { progress = 100, note = "已更换" });
        await ActAsync(RoomAdmin, id, "complete", new { result = "两盏路灯已更换。" });
        var evaluated = await Counted("evaluation", () => resident.PostAsJsonAsync($"/api/topics/{id}/evaluations", new { solved = true, satisfied = true, comment = "修得很及时。" }), HttpStatusCode.Created);
        Assert.That(evaluated["evaluations"]!["count"]!.GetValue<int>(), Is.EqualTo(1));
        // The check with the evaluator's openid (for the comment's content check); begin, the evaluation; the figures and
        // commit; the answer.
        Assert.That(_counter.QueryConnections, Has.Count.LessThanOrEqualTo(4), answers[^1]);

        TestContext.Out.WriteLine(string.Join("; ", answers));
        Assert.That(answers.Where(a => a.EndsWith("(answered elsewhere)", StringComparison.Ordinal)), Is.Empty, string.Join("; ", answers));
    }
}
