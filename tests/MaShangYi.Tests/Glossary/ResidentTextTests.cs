using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Tests.Board;

namespace MaShangYi.Tests.Glossary;

/// <summary>
/// What the API shows residents keeps to the glossary: the room's landing, the notice board in every state, the progress
/// messages WeChat delivers to them, and the errors of every call a resident makes. Text people typed (titles, results,
/// names) is theirs, not ours, and is taken out before checking.
/// </summary>
public sealed class ResidentTextTests : BoardTest
{
    private static GlossaryFile Glossary => GlossaryFile.Instance;

    /// <summary>Everything people typed that a board or a message may show: titles, texts, names, places.</summary>
    private static async Task<List<string>> TypedTextAsync() =>
        (await QueryAsync<string>(
            """
            SELECT title FROM topics UNION SELECT resolution_text FROM topics WHERE resolution_text IS NOT NULL
            UNION SELECT result_text FROM topics WHERE result_text IS NOT NULL UNION SELECT class_note FROM topics WHERE class_note IS NOT NULL
            UNION SELECT title FROM tasks UNION SELECT unit FROM tasks UNION SELECT lead_person FROM tasks
            UNION SELECT name FROM rooms UNION SELECT address FROM rooms WHERE address IS NOT NULL UNION SELECT name FROM regions
            """)).OrderByDescending(t => t.Length).ToList();

    private static string WithoutTyped(string text, List<string> typed) => typed.Aggregate(text, (t, s) => t.Replace(s, " ", StringComparison.Ordinal));

    [Test]
    public async Task TheLandingOfAnOpenAndAClosedRoomUsesOnlyPlainWords()
    {
        var scene = await SceneAsync(RoomId);
        foreach (var open in new[] { true, false })
        {
            await ExecuteAsync("UPDATE rooms SET is_active = @open WHERE id = @RoomId", new { open, RoomId });
            var landing = await ReadJsonAsync(await Anonymous.GetAsync($"/api/landing?scene={scene}"));
            var texts = landing["functions"]!.AsArray().SelectMany(f => new[] { f!["name"]!.GetValue<string>(), f["description"]!.GetValue<string>() })
                .Append(landing["notice"]?.GetValue<string>() ?? "");
            foreach (var text in texts.Where(t => t.Length > 0))
            {
                Glossary.AssertPlain(text, open ? "open room" : "closed room");
            }
        }
    }

    [Test]
    public async Task TheNoticeBoardInEveryStateUsesOnlyPlainWordsAndExplainsTheProcessWordsItKeeps()
    {
        var scene = await RoomWithEveryStageAsync();
        var pages = new[] { $"/board/rooms/{scene}", $"/board/rooms/{scene}?tv=1", $"/board/regions/{TownCode}", $"/r/{scene}", "/board/rooms/ZZZZZZZZ", "/r/ZZZZZZZZ", "/board/regions/999" };
        await ExecuteAsync("UPDATE rooms SET is_active = 0 WHERE id = @OtherCountyRoomId", new { OtherCountyRoomId });
        var closedScene = await SceneAsync(OtherCountyRoomId);
        var typed = await TypedTextAsync();

        foreach (var page in pages.Append($"/board/rooms/{closedScene}"))
        {
            var (_, html) = await GetPageAsync(page);
            var text = WithoutTyped(GlossaryFile.TextOf(html), typed);
            Glossary.AssertPlain(text, page);
        }

        Assert.That(GlossaryFile.TextOf((await GetPageAsync($"/board/rooms/{scene}")).Html), Does.Contain("落实").And.Contain(Glossary.Explained["落实"]),
            "the board keeps 落实 and explains it");
    }

    [Test]
    public async Task TheProgressMessagesResidentsReceiveUseOnlyPlainWords()
    {
        var accepted = await ResidentSubscribedAsync();
        var referred = await TopicAsync("路灯不亮");
        await ActAsync(Reviewer, referred, "refer", new { target = "12345 热线" });
        var merged = await TopicAsync("三号楼路灯坏了");
        await ActAsync(Reviewer, merged, "merge", new { intoTopicId = accepted });
        await RoomWithEveryStageAsync();

        var notes = (await QueryAsync<string>("SELECT payload FROM outbox WHERE kind = 'wechat_subscribe'"))
            .Select(p => JsonNode.Parse(p)!.AsObject())
            .Where(p => p["templateKey"]!.GetValue<string>() == "topic_progress")
            .SelectMany(p => new[] { p["data"]!["phrase2"]!.GetValue<string>(), p["data"]!["thing3"]!.GetValue<string>() })
            .Distinct().ToList();

        Assert.That(notes, Has.Count.GreaterThanOrEqualTo(10), "accept, reject, refer, merge, resolution and completion, each with its status");
        foreach (var note in notes)
        {
            Glossary.AssertResidentMessage(note, "progress message");
        }
    }

    /// <summary>The resident accepts progress messages (as the mini program's 订阅 does) and has an announced topic.</summary>
    private async Task<long> ResidentSubscribedAsync()
    {
        // Each message spends one acceptance, and a tap gives at most 10: enough taps for every message of the test.
        for (var i = 0; i < 4; i++)
        {
            var response = await Resident.PostAsJsonAsync("/api/me/subscriptions", new { templateId = "sim-topic_progress", accepted = 10 });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }

        return await AnnouncedAsync("小区健身器材坏了");
    }

    [Test]
    public async Task EveryErrorAResidentMeetsSaysWhatToDoInPlainWords()
    {
        var announced = await AnnouncedAsync("小区路灯不亮");
        var underReview = await TopicAsync("楼道灯不亮");
        var (meetingTopic, meetingId) = await ScheduledTopicAsync(OnlineMeeting());
        var (neighbour, _) = await LoginAsync("neighbour");
        var comment = await ActAsync(neighbour, announced, "comments", new { stance = "doubt", body = "费用谁出？" });
        Assert.That((await Resident.PostAsJsonAsync($"/api/topics/{announced}/comments/{comment["id"]!.GetValue<long>()}/report", new { })).IsSuccessStatusCode, Is.True);
        await ActAsync(Resident, announced, "support", new { });
        await ActAsync(Resident, meetingTopic, $"meetings/{meetingId}/signups", new { attendMode = "online" });

        var calls = new (string Method, string Path, object? Body, HttpClient Client)[]
        {
            ("POST", $"/api/rooms/{RoomId}/topics", new { description = "短", title = new string('长', 101) }, Resident),
            ("POST", $"/api/rooms/{RoomId}/topics", new { description = "路灯坏了一个月。", categoryId = 999999 }, Resident),
            ("POST", $"/api/rooms/{RoomId}/topics", new { description = "路灯坏了一个月。", onBehalfOf = new { phone = "12" } }, Resident),
            ("GET", "/api/topics/by-receipt/abc", null, Anonymous),
            ("GET", "/api/topics/by-receipt/2026-AAAAAAAA-0001", null, Anonymous),
            ("GET", "/api/topics/99999999", null, Anonymous),
            ("GET", $"/api/topics/{underReview}", null, Anonymous),
            ("POST", $"/api/topics/{announced}/support", new { }, Resident),
            ("DELETE", $"/api/topics/{announced}/support", null, neighbour),
            ("POST", $"/api/topics/{announced}/support", new { }, Anonymous),
            ("POST", $"/api/topics/{announced}/comments", new { stance = "maybe", body = "" }, Resident),
            ("POST", $"/api/topics/{announced}/comments/{comment["id"]!.GetValue<long>()}/report", new { }, Resident),
            ("POST", $"/api/topics/{announced}/comments/99999999/report", new { }, Resident),
            ("POST", $"/api/topics/{underReview}/comments", new { stance = "support", body = "同意" }, Resident),
            ("POST", $"/api/topics/{announced}/evaluations", new { solved = true, satisfied = true }, Resident),
            ("POST", $"/api/topics/{meetingTopic}/meetings/{meetingId}/signups", new { attendMode = "online" }, Resident),
            ("POST", $"/api/topics/{meetingTopic}/meetings/{meetingId}/signups", new { attendMode = "offline" }, neighbour),
            ("DELETE", $"/api/topics/{meetingTopic}/meetings/{meetingId}/signups", null, neighbour),
            ("POST", $"/api/topics/{meetingTopic}/meetings/99999999/signups", new { attendMode = "online" }, neighbour),
        };

        foreach (var (method, path, body, client) in calls)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
            var response = await client.SendAsync(request);
            var where = $"{method} {path} → {(int)response.StatusCode}";
            Assert.That((int)response.StatusCode, Is.InRange(400, 499), where);
            var problem = await ReadJsonAsync(response);
            Glossary.AssertResidentMessage(problem["detail"]!.GetValue<string>(), where);
            foreach (var message in (problem["errors"]?.AsObject() ?? []).SelectMany(e => e.Value!.AsArray()))
            {
                Glossary.AssertResidentMessage(message!.GetValue<string>(), where);
            }
        }
    }
}
