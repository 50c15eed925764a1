using System.Net;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Topics;

public sealed class MyTaskTests : ImplementationTest
{
    [Test]
    public async Task TheImplementerSeesTheOpenTasksOfTheirUnitOverdueFirstWithTheirTopic()
    {
        var first = await ResolutionPublishedTopicAsync();
        var soonTask = await AddTaskAsync(first, dueInDays: 0);
        var (second, lateTask) = await ImplementingTopicAsync();
        await AddTaskAsync(second, OtherUnit, title: "别的单位的任务");
        var doneTask = await AddTaskAsync(second, title: "已完成的任务");
        await ReportOkAsync(Implementer, second, doneTask, 100);
        await ExecuteAsync("UPDATE tasks k JOIN topics t ON t.id = k.topic_id SET k.due_on = @past WHERE k.id = @lateTask", new { lateTask, past = DateTime.Parse(Today(-2), System.Globalization.CultureInfo.InvariantCulture) });

        var page = await ReadJsonAsync(await Implementer.GetAsync("/api/me/tasks"));

        var items = page["items"]!.AsArray();
        Assert.That(items.Select(i => i!["id"]!.GetValue<long>()), Is.EqualTo(new[] { lateTask, soonTask }));
        Assert.That(items[0]!["isOverdue"]!.GetValue<bool>(), Is.True);
        Assert.That(items[1]!["isOverdue"]!.GetValue<bool>(), Is.False, "due today: not overdue yet");
        Assert.That(items[0]!["topicId"]!.GetValue<long>(), Is.EqualTo(second));
        Assert.That(items[1]!["topicId"]!.GetValue<long>(), Is.EqualTo(first));
        var receipt = await ScalarAsync<string>("SELECT receipt_no FROM topics WHERE id = @second", new { second });
        Assert.That(items[0]!["receiptNo"]!.GetValue<string>(), Is.EqualTo(receipt));
        Assert.That(items[0]!["topicTitle"]!.GetValue<string>(), Is.EqualTo("小区路灯不亮"));
        Assert.That(page["nextAfter"], Is.Null);
    }

    [Test]
    public async Task TasksOfTheSameUnitNameOutsideTheGrantAreNotListed()
    {
        await ImplementingTopicAsync();
        var otherRoomTopic = (await SubmitAsync(roomId: OtherCountyRoomId))["id"]!.GetValue<long>();
        await PublishResolutionInDatabaseAsync(otherRoomTopic);
        var otherCountyAdmin = await LoginWithRoleAsync("x", Roles.RoomAdmin, OtherCountyCode);
        await ActAsync(otherCountyAdmin, otherRoomTopic, "tasks", TaskBody());

        var items = (await ReadJsonAsync(await Implementer.GetAsync("/api/me/tasks")))["items"]!.AsArray();

        Assert.That(items.Select(i => i!["topicId"]!.GetValue<long>()), Does.Not.Contain(otherRoomTopic));
        Assert.That(items, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TheListIsKeysetPaged()
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await ImplementingTopicAsync()).TaskId);
        }

        var seen = new List<long>();
        string? after = null;
        do
        {
            var page = await ReadJsonAsync(await Implementer.GetAsync("/api/me/tasks?limit=2" + (after is null ? "" : "&after=" + after)));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
            after = page["nextAfter"]?.GetValue<string>();
        }
        while (after is not null);

        Assert.That(seen, Is.EqualTo(ids), "same due date: by id, each task once");
    }

    [Test]
    public async Task OnlyImplementersHaveATaskList()
    {
        await AssertProblemAsync(await Anonymous.GetAsync("/api/me/tasks"), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await Resident.GetAsync("/api/me/tasks"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await RoomAdmin.GetAsync("/api/me/tasks"), HttpStatusCode.Forbidden, "forbidden");
    }

    [TestCase("limit=0", "limit")]
    [TestCase("limit=51", "limit")]
    [TestCase("after=not-a-cursor", "after")]
    public async Task ABadPageRequestIs400NamingTheField(string query, string field)
    {
        var problem = await AssertProblemAsync(await Implementer.GetAsync("/api/me/tasks?" + query), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
    }
}
