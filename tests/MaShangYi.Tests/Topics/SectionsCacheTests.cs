using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MaShangYi.Tests.Topics;

/// <summary>
/// The topic detail's sections come from topic_sections while its rev is the topic's sections_rev; every write to a
/// section bumps that rev. The test host verifies every cache hit against the tables (Topics:VerifySectionsCache), so
/// a write that forgot the bump fails here twice over: the next read is 500, and the change it made is not shown.
/// </summary>
public sealed class SectionsCacheTests : ImplementationTest
{
    private static string Detail(long id) => $"/api/topics/{id}";

    /// <summary>The topic's sections_rev and the rev of its cached body (null when none is cached).</summary>
    private static async Task<(int Rev, int? CachedRev)> RevsAsync(long id) => (await QueryAsync<(int, int?)>(
        "SELECT t.sections_rev, s.rev FROM topics t LEFT JOIN topic_sections s ON s.topic_id = t.id WHERE t.id = @id", new { id })).Single();

    private static Task<string> CachedBodyAsync(long id) => ScalarAsync<string>("SELECT body FROM topic_sections WHERE topic_id = @id", new { id });

    /// <summary>Reads the topic twice as <paramref name="client"/>: the first read builds the cache, the second is served (and verified) from it.</summary>
    private static async Task<JsonObject> ReadCachedAsync(HttpClient client, long id)
    {
        Assert.That((await client.GetAsync(Detail(id))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var (rev, cachedRev) = await RevsAsync(id);
        Assert.That(cachedRev, Is.EqualTo(rev), "the first read caches the sections under the topic's current rev");
        var response = await client.GetAsync(Detail(id));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    /// <summary>A host that trusts the cache as production does, to show what a hit serves.</summary>
    private static WebApplicationFactory<Program> Unverified() =>
        Api.WithWebHostBuilder(builder => builder.UseSetting("Topics:VerifySectionsCache", "false"));

    [Test]
    public async Task TheSecondReadIsServedFromTheCache()
    {
        var id = await AnnouncedTopicAsync();
        var first = await ReadJsonAsync(await Anonymous.GetAsync(Detail(id)));
        var (rev, cachedRev) = await RevsAsync(id);
        Assert.That(rev, Is.EqualTo(1), "accepting the topic was a section write (the timeline)");
        Assert.That(cachedRev, Is.EqualTo(rev));
        await ExecuteAsync("UPDATE topic_sections SET body = REPLACE(body, '\"accept\"', '\"cached-accept\"') WHERE topic_id = @id", new { id });

        await using var factory = Unverified();
        var second = await ReadJsonAsync(await factory.CreateClient().GetAsync(Detail(id)));

        Assert.That(first["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "submit", "accept" }));
        Assert.That(second["timeline"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "submit", "cached-accept" }),
            "the second read took the timeline from topic_sections, not from topic_events");
    }

    [Test]
    public async Task ASubmissionWritesItsSectionsWithTheTopicAndItsAnswerComesFromThem()
    {
        var topic = await SubmitAsync();
        var id = topic["id"]!.GetValue<long>();

        Assert.That(await RevsAsync(id), Is.EqualTo((0, (int?)0)), "the new topic's sections are cached by the submission itself");
        // The body written with the topic is exactly what the tables give (the verified read compares them).
        var read = await ReadJsonAsync(await Resident.GetAsync(Detail(id)));
        Assert.That(read["timeline"]!.ToJsonString(), Is.EqualTo(topic["timeline"]!.ToJsonString()));
        Assert.That(read.ToJsonString(), Is.EqualTo(topic.ToJsonString()));
    }

    [Test]
    public async Task AWriteThatForgetsTheBumpFailsTheNextVerifiedRead()
    {
        var id = await AnnouncedTopicAsync();
        await ReadCachedAsync(Anonymous, id);
        await ExecuteAsync("UPDATE topic_events SET note = '没有更新 sections_rev 的修改' WHERE topic_id = @id AND action = 'accept'", new { id });

        var response = await Anonymous.GetAsync(Detail(id));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError), "the cached body no longer matches the tables");
    }

    [Test]
    public async Task AnActionsTimelineEventShowsOnTheNextRead()
    {
        var id = await AnnouncedTopicAsync();
        await ReadCachedAsync(Anonymous, id);

        await ActAsync(RoomAdmin, id, "research", new { note = "先走访住户" });

        var topic = await ReadCachedAsync(Anonymous, id);
        Assert.That(topic["timeline"]!.AsArray().Last()!["action"]!.GetValue<string>(), Is.EqualTo("start_research"));
    }

    [Test]
    public async Task AResearchReportShowsOnTheNextRead()
    {
        var id = await AnnouncedTopicAsync();
        await ActAsync(RoomAdmin, id, "research", new { note = "先走访住户" });
        await ReadCachedAsync(Anonymous, id);

        await ActAsync(RoomAdmin, id, "reports", new { title = "路灯维修调研", body = "走访三号楼住户 12 户。", authorUnit = "柳树湾社区" });

        var topic = await ReadCachedAsync(Anonymous, id);
        Assert.That(topic["reports"]!.AsArray().Single()!["title"]!.GetValue<string>(), Is.EqualTo("路灯维修调研"));
    }

    [Test]
    public async Task AMeetingItsSignUpsCancellationsAndMinutesShowOnTheNextRead()
    {
        var id = await AnnouncedTopicAsync();
        await ReadCachedAsync(Resident, id);
        var startsAt = Api.Clock.GetUtcNow().AddMinutes(6).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var scheduled = await ActAsync(RoomAdmin, id, "meetings", new { mode = "offline", startsAt, place = "柳树湾社区议事室", convener = "张书记", capacity = 30 });
        var meetingId = scheduled["meetings"]!.AsArray().Single()!["id"]!.GetValue<long>();
        JsonObject Meeting(JsonObject topic) => topic["meetings"]!.AsArray().Single()!.AsObject();
        Assert.That(Meeting(await ReadCachedAsync(Resident, id))["signedUpByMe"]!.GetValue<bool>(), Is.False);

        await ActAsync(Resident, id, $"meetings/{meetingId}/signups", new { attendMode = "offline" });
        var signedUp = Meeting(await ReadCachedAsync(Resident, id));
        Assert.That(signedUp["signupCount"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(signedUp["signedUpByMe"]!.GetValue<bool>(), Is.True);
        Assert.That(Meeting(await ReadCachedAsync(Anonymous, id))["signedUpByMe"]!.GetValue<bool>(), Is.False, "the cached rows are the same for everyone; 'me' is decided per caller");

        var cancelled = await Resident.DeleteAsync($"/api/topics/{id}/meetings/{meetingId}/signups");
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK), await cancelled.Content.ReadAsStringAsync());
        var afterCancel = Meeting(await ReadCachedAsync(Resident, id));
        Assert.That(afterCancel["signupCount"]!.GetValue<int>(), Is.Zero);
        Assert.That(afterCancel["participants"]!.AsArray(), Is.Empty);

        Api.Clock.Advance(TimeSpan.FromMinutes(10));
        await ActAsync(RoomAdmin, id, $"meetings/{meetingId}/minutes", new { minutes = "与会各方同意由物业在两周内更换路灯。" });
        Assert.That(Meeting(await ReadCachedAsync(Resident, id))["minutes"]!.GetValue<string>(), Is.EqualTo("与会各方同意由物业在两周内更换路灯。"));
    }

    [Test]
    public async Task ATaskItsProgressAndItsMilestonesShowOnTheNextRead()
    {
        var id = await ResolutionPublishedTopicAsync();
        await ReadCachedAsync(Anonymous, id);
        var taskId = await AddTaskAsync(id, Unit, 14, "更换路灯", new { title = "采购灯具", dueOn = Today(7) });
        var task = (await ReadCachedAsync(Anonymous, id))["tasks"]!.AsArray().Single()!;
        Assert.That(task["id"]!.GetValue<long>(), Is.EqualTo(taskId));
        var milestoneId = task["milestones"]!.AsArray().Single()!["id"]!.GetValue<long>();

        var reported = await ReportAsync(Implementer, id, taskId, 40, "灯具已到货", [milestoneId]);
        Assert.That(reported.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reported.Content.ReadAsStringAsync());

        task = (await ReadCachedAsync(Anonymous, id))["tasks"]!.AsArray().Single()!;
        Assert.That(task["progress"]!.GetValue<int>(), Is.EqualTo(40));
        Assert.That(task["updates"]!.AsArray().Single()!["note"]!.GetValue<string>(), Is.EqualTo("灯具已到货"));
        Assert.That(task["milestones"]!.AsArray().Single()!["doneAt"], Is.Not.Null);
    }

    [Test]
    public async Task AnEvaluationAndAReopeningShowOnTheNextRead()
    {
        var id = await CompletedTopicAsync();
        await ReadCachedAsync(Resident, id);

        await EvaluateAsync(Resident, id, new { solved = false, satisfied = false, comment = "测试待审词" });

        var mine = await ReadCachedAsync(Resident, id);
        Assert.That(mine["evaluations"]!["count"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(mine["evaluations"]!["mine"]!["comment"]!.GetValue<string>(), Is.EqualTo("测试待审词"), "a held comment is shown to its author");
        Assert.That(AllowedActions(mine), Does.Not.Contain("evaluate"));
        var others = await ReadCachedAsync(Anonymous, id);
        Assert.That(others["evaluations"]!["proposer"]!["comment"], Is.Null, "and to no one else, though the cached rows hold it");

        await ActAsync(RoomAdmin, id, "reopen", new { reason = "居民反映路灯仍有两处不亮" });

        var reopened = await ReadCachedAsync(Resident, id);
        Assert.That(reopened["evaluations"]!["round"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(reopened["evaluations"]!["count"]!.GetValue<int>(), Is.Zero, "this round's evaluations: the new round has none yet");
    }

    [Test]
    public async Task ABodyLabelledWithAnOlderRevIsIgnoredAndRebuilt()
    {
        var id = await AnnouncedTopicAsync();
        await ReadCachedAsync(Anonymous, id);
        await ExecuteAsync("UPDATE topic_sections SET rev = rev - 1, body = REPLACE(body, '\"accept\"', '\"stale-accept\"') WHERE topic_id = @id", new { id });

        var topic = await ReadJsonAsync(await Anonymous.GetAsync(Detail(id)));

        Assert.That(topic["timeline"]!.AsArray().Last()!["action"]!.GetValue<string>(), Is.EqualTo("accept"));
        var (rev, cachedRev) = await RevsAsync(id);
        Assert.That(cachedRev, Is.EqualTo(rev));
        Assert.That(await CachedBodyAsync(id), Does.Not.Contain("stale-accept"));
    }

    [Test]
    public async Task ABodyOfANewerRevIsNotReplacedByAnOlderBuild()
    {
        var id = await AnnouncedTopicAsync();
        // As if a reader that saw a later rev stored its body first, and this read (which saw rev 1) stores second.
        await ExecuteAsync(
            "UPDATE topic_sections s JOIN topics t ON t.id = s.topic_id SET s.rev = t.sections_rev + 5, s.body = 'built by a faster reader' WHERE t.id = @id", new { id });

        var topic = await ReadJsonAsync(await Anonymous.GetAsync(Detail(id)));

        Assert.That(topic["timeline"]!.AsArray(), Has.Count.EqualTo(2), "answered from the tables");
        var (rev, cachedRev) = await RevsAsync(id);
        Assert.That(cachedRev, Is.EqualTo(rev + 5));
        Assert.That(await CachedBodyAsync(id), Is.EqualTo("built by a faster reader"));
    }

    [TestCase("not json at all")]
    [TestCase("{\"Format\":1,\"Events\":[{\"CreatedAt\":\"2026-11-27T08:00:00Z\"")]
    [TestCase("{\"Format\":1}")]
    [TestCase("null")]
    public async Task ABodyThatCannotBeReadIsAMissAndIsRebuilt(string garbage)
    {
        var id = await AnnouncedTopicAsync();
        var expected = (await ReadCachedAsync(Anonymous, id)).ToJsonString();
        await ExecuteAsync("UPDATE topic_sections SET body = @garbage WHERE topic_id = @id", new { id, garbage });

        var response = await Anonymous.GetAsync(Detail(id));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(response)).ToJsonString(), Is.EqualTo(expected));
        Assert.That(await CachedBodyAsync(id), Does.StartWith("{\"Format\":1,\"Events\":[{"), "rebuilt in place under the same rev");
        Assert.That((await ReadCachedAsync(Anonymous, id)).ToJsonString(), Is.EqualTo(expected));
    }
}
