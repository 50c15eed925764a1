using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Topics;

public sealed class DueListTests : ImplementationTest
{
    private static DateTime Day(int plusDays) => DateTime.Parse(Today(plusDays), CultureInfo.InvariantCulture);

    /// <summary>A B-class topic whose review date has come: classified for tomorrow, then the date set back in the database.</summary>
    private async Task<long> BTopicDueAsync(int daysAgo)
    {
        var id = await AnnouncedTopicAsync();
        await ActAsync(RoomAdmin, id, "classify", new { @class = "B", nextReviewOn = Today(1) });
        await ExecuteAsync("UPDATE topics SET next_review_on = @day WHERE id = @id", new { id, day = Day(-daysAgo) });
        return id;
    }

    private async Task<long> OverdueTaskAsync(int daysAgo, int progress = 30)
    {
        var (id, taskId) = await ImplementingTopicAsync();
        await ReportOkAsync(Implementer, id, taskId, progress);
        // Days passing: the task's due date, and its row among the open tasks (the list reads those) while it has one.
        await ExecuteAsync("UPDATE tasks k LEFT JOIN stats_open_tasks o ON o.task_id = k.id SET k.due_on = @day, o.due_on = @day WHERE k.id = @taskId", new { taskId, day = Day(-daysAgo) });
        return taskId;
    }

    private static async Task<JsonObject> PageAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/api/due" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    private static async Task<JsonArray> ItemsAsync(HttpClient client, string query = "") => (await PageAsync(client, query))["items"]!.AsArray();

    [Test]
    public async Task DueReviewsAndOverdueTasksAreListedSoonestFirstEachSayingWhy()
    {
        var review = await BTopicDueAsync(daysAgo: 0);
        var task = await OverdueTaskAsync(daysAgo: 3);
        var olderReview = await BTopicDueAsync(daysAgo: 5);

        var items = await ItemsAsync(RoomAdmin);

        Assert.That(items.Select(i => i!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "review", "task_overdue", "review" }));
        Assert.That(items.Select(i => i!["topicId"]!.GetValue<long>()).First(), Is.EqualTo(olderReview));
        Assert.That(items[1]!["taskId"]!.GetValue<long>(), Is.EqualTo(task));
        Assert.That(items[1]!["unit"]!.GetValue<string>(), Is.EqualTo(Unit));
        Assert.That(items[1]!["reason"]!.GetValue<string>(), Does.Contain("已逾期").And.Contain("30%"));
        Assert.That(items[2]!["topicId"]!.GetValue<long>(), Is.EqualTo(review));
        Assert.That(items[2]!["reason"]!.GetValue<string>(), Does.Contain("B 类").And.Contain(Today()));
        Assert.That(items[2]!["taskId"], Is.Null);
        Assert.That(items[0]!["dueOn"]!.GetValue<string>(), Is.EqualTo(Today(-5)));
    }

    [Test]
    public async Task WhatIsNotYetDueOrIsDoneStaysOff()
    {
        var future = await AnnouncedTopicAsync();
        await ActAsync(RoomAdmin, future, "classify", new { @class = "B", nextReviewOn = Today(3) });
        var (implementing, _) = await ImplementingTopicAsync();
        await AddTaskAsync(implementing, title: "今天到期的任务", dueInDays: 0);
        await OverdueTaskAsync(daysAgo: 2, progress: 100);
        var classA = await AnnouncedTopicAsync();
        await ActAsync(RoomAdmin, classA, "classify", new { @class = "A" });

        Assert.That(await ItemsAsync(RoomAdmin), Is.Empty);
    }

    [Test]
    public async Task AReviewLeavesTheListWhenReclassifiedAndATaskWhenItIsDone()
    {
        var review = await BTopicDueAsync(daysAgo: 1);
        var task = await OverdueTaskAsync(daysAgo: 1);
        Assert.That(await ItemsAsync(RoomAdmin), Has.Count.EqualTo(2));

        await ActAsync(RoomAdmin, review, "classify", new { @class = "B", nextReviewOn = Today(30), note = "已跟进，下月再看" });
        var topicId = await ScalarAsync<long>("SELECT topic_id FROM tasks WHERE id = @task", new { task });
        await ReportOkAsync(Implementer, topicId, task, 100);

        Assert.That(await ItemsAsync(RoomAdmin), Is.Empty);
    }

    [Test]
    public async Task TheListCoversOnlyTheRoomAdminsGrants()
    {
        await BTopicDueAsync(daysAgo: 1);
        await OverdueTaskAsync(daysAgo: 1);
        var elsewhere = (await SubmitAsync(roomId: OtherCountyRoomId))["id"]!.GetValue<long>();
        await ExecuteAsync("UPDATE topics SET status = 'announced', classification = 'B', next_review_on = @day WHERE id = @elsewhere", new { elsewhere, day = Day(-1) });
        var otherCountyAdmin = await LoginWithRoleAsync("x", Roles.RoomAdmin, OtherCountyCode);

        Assert.That((await ItemsAsync(otherCountyAdmin)).Select(i => i!["topicId"]!.GetValue<long>()), Is.EqualTo(new[] { elsewhere }));
        var mine = (await ItemsAsync(RoomAdmin)).Select(i => i!["topicId"]!.GetValue<long>()).ToList();
        Assert.That(mine, Has.Count.EqualTo(2).And.Not.Contain(elsewhere));
    }

    [Test]
    public async Task TheListIsKeysetPagedAcrossBothKinds()
    {
        var expected = new List<string>();
        foreach (var daysAgo in new[] { 4, 3, 2, 1 })
        {
            if (daysAgo % 2 == 0)
            {
                await BTopicDueAsync(daysAgo);
                expected.Add("review");
            }
            else
            {
                await OverdueTaskAsync(daysAgo);
                expected.Add("task_overdue");
            }
        }

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await PageAsync(RoomAdmin, "?limit=3" + (after is null ? "" : "&after=" + after));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["kind"]!.GetValue<string>() + i["dueOn"]!.GetValue<string>()));
            after = page["nextAfter"]?.GetValue<string>();
            pages++;
        }
        while (after is not null);

        Assert.That(pages, Is.EqualTo(2));
        Assert.That(seen, Is.EqualTo(expected.Select((kind, i) => kind + Today(i - 4))));
    }

    [Test]
    public async Task EveryKindIsListedOnceUnderOverlappingGrantsAndPagedThroughEvenWhenAllFallDueTheSameDay()
    {
        // A county, a town and a village inside it (the same topics under three grants), and another county.
        var admin = await LoginWithRoleAsync("many-region-admin", Roles.RoomAdmin, "320812");
        foreach (var code in new[] { TownCode, VillageCode, OtherCountyCode })
        {
            await LoginWithRoleAsync("many-region-admin", Roles.RoomAdmin, code); // the same person, one more grant
        }

        var reviews = new List<long> { await BTopicDueAsync(daysAgo: 2), await BTopicDueAsync(daysAgo: 2) };
        var elsewhere = (await SubmitAsync(roomId: OtherCountyRoomId))["id"]!.GetValue<long>();
        await ExecuteAsync("UPDATE topics SET status = 'announced', classification = 'B', next_review_on = @day WHERE id = @elsewhere", new { elsewhere, day = Day(-2) });
        reviews.Add(elsewhere);
        var tasks = new List<long> { await OverdueTaskAsync(daysAgo: 2), await OverdueTaskAsync(daysAgo: 2) };
        var doubted = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            var id = await AnnouncedTopicAsync();
            var response = await Resident.PostAsJsonAsync($"/api/topics/{id}/comments", new { stance = "doubt", body = $"第 {i + 1} 个疑问：费用谁出？" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            doubted.Add(id);
        }

        // Raised five days ago, so due (after three days) two days ago, like the rest.
        await ExecuteAsync("UPDATE topic_comments SET created_at = created_at - INTERVAL 5 DAY WHERE topic_id IN @doubted", new { doubted });
        var expected = reviews.Select(id => $"review {id} {Today(-2)}")
            .Concat(tasks.Select(id => $"task_overdue {id} {Today(-2)}"))
            .Concat(doubted.Select(id => $"doubts_unanswered {id} {Today(-2)}"));

        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await PageAsync(admin, "?limit=2" + (after is null ? "" : "&after=" + after));
            seen.AddRange(page["items"]!.AsArray().Select(i => $"{i!["kind"]} {i["taskId"] ?? i["topicId"]} {i["dueOn"]}"));
            after = page["nextAfter"]?.GetValue<string>();
        }
        while (after is not null && seen.Count < 20);

        Assert.That(seen, Is.EqualTo(expected));
        Assert.That((await ItemsAsync(admin)).Select(i => $"{i!["kind"]} {i["taskId"] ?? i["topicId"]} {i["dueOn"]}"), Is.EqualTo(expected), "the same in one page");
    }

    [Test]
    public async Task OnlyRoomAdminsHaveADueList()
    {
        await AssertProblemAsync(await Anonymous.GetAsync("/api/due"), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await Resident.GetAsync("/api/due"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await Implementer.GetAsync("/api/due"), HttpStatusCode.Forbidden, "forbidden");
    }

    [TestCase("limit=0", "limit")]
    [TestCase("after=2026-13-01.0.1", "after")]
    public async Task ABadPageRequestIs400NamingTheField(string query, string field)
    {
        var problem = await AssertProblemAsync(await RoomAdmin.GetAsync("/api/due?" + query), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
    }
}
