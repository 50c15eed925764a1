using System.Net;
using System.Net.Http.Json;
using MaShangYi.Api.Infrastructure.Auth;

namespace MaShangYi.Tests.Topics;

public sealed class TaskTests : ImplementationTest
{
    [Test]
    public async Task ARoomAdminSetsUpATaskWithMilestonesAndTheTopicMovesToImplementing()
    {
        var id = await ResolutionPublishedTopicAsync();
        Assert.That(AllowedActions(await GetTopicAsync(RoomAdmin, id)), Does.Contain("add_task"));

        var topic = await ActAsync(RoomAdmin, id, "tasks", TaskBody(milestones: [new { title = "采购灯具", dueOn = Today(5) }, new { title = "安装调试", dueOn = Today(10) }]));

        Assert.That(Status(topic), Is.EqualTo("implementing"));
        var task = topic["tasks"]!.AsArray().Single()!;
        Assert.That(task["unit"]!.GetValue<string>(), Is.EqualTo(Unit));
        Assert.That(task["leadPerson"]!.GetValue<string>(), Is.EqualTo("张建国"));
        Assert.That(task["round"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(task["isOverdue"]!.GetValue<bool>(), Is.False);
        Assert.That(task["milestones"]!.AsArray().Select(m => m!["title"]!.GetValue<string>()), Is.EqualTo(new[] { "采购灯具", "安装调试" }));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM tasks WHERE topic_id = @id AND round = 1 AND progress = 0", new { id }), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM task_milestones"), Is.EqualTo(2));
        Assert.That(topic["timeline"]!.AsArray().Last()!["action"]!.GetValue<string>(), Is.EqualTo("add_task"));
        Assert.That(AllowedActions(topic), Does.Contain("add_task").And.Not.Contain("complete"), "complete waits for the task");
        Assert.That(AllowedActions(topic), Does.Not.Contain("update_progress"), "the room admin does not report for the unit");
        Assert.That(AllowedActions(await GetTopicAsync(Implementer, id)), Does.Contain("update_progress"));
    }

    [Test]
    public async Task MoreTasksCanBeAddedWhileImplementing()
    {
        var (id, _) = await ImplementingTopicAsync();

        await AddTaskAsync(id, OtherUnit, title: "清理线路");

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM tasks WHERE topic_id = @id", new { id }), Is.EqualTo(2));
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("implementing"));
    }

    [Test]
    public async Task OnlyTheRoomAdminOverTheRoomSetsUpTasksAndNothingIsWrittenOtherwise()
    {
        var id = await ResolutionPublishedTopicAsync();
        var otherCountyAdmin = await LoginWithRoleAsync("x", Roles.RoomAdmin, OtherCountyCode);

        await AssertProblemAsync(await Anonymous.PostAsJsonAsync($"/api/topics/{id}/tasks", TaskBody()), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await Resident.PostAsJsonAsync($"/api/topics/{id}/tasks", TaskBody()), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await Implementer.PostAsJsonAsync($"/api/topics/{id}/tasks", TaskBody()), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await otherCountyAdmin.PostAsJsonAsync($"/api/topics/{id}/tasks", TaskBody()), HttpStatusCode.Forbidden, "forbidden");

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM tasks"), Is.Zero);
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("resolution_published"));
        Assert.That(AllowedActions(await GetTopicAsync(Resident, id)), Does.Not.Contain("add_task"));
    }

    [Test]
    public async Task TasksWaitForAPublishedResolution()
    {
        var id = await AnnouncedTopicAsync();

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/tasks", TaskBody());

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict, "invalid_transition");
        Assert.That(problem["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()), Does.Not.Contain("add_task"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM tasks"), Is.Zero);
    }

    [Test]
    public async Task BadTaskInputListsEveryFieldAndWritesNothing()
    {
        var id = await ResolutionPublishedTopicAsync();

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/tasks", new
        {
            title = " ", leadPerson = "", unit = new string('单', 101), dueOn = Today(-1),
            milestones = new[] { new { title = "", dueOn = Today(3) } },
        });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.SupersetOf(new[] { "title", "leadPerson", "unit", "dueOn", "milestones[0].title", "milestones[0]" }));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM tasks"), Is.Zero);
        Assert.That(await ScalarAsync<string>("SELECT status FROM topics WHERE id = @id", new { id }), Is.EqualTo("resolution_published"));
    }

    [Test]
    public async Task ATaskWithoutADueDateAsksForOneRatherThanCallingItPast()
    {
        var id = await ResolutionPublishedTopicAsync();

        var response = await RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/tasks", new
        {
            title = "修路灯", leadPerson = "王主任", unit = "住建局", milestones = new[] { new { title = "采购" } },
        });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["dueOn"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "请选择完成期限。" }));
        Assert.That(problem["errors"]!["milestones[0].dueOn"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "请选择节点日期。" }));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM tasks"), Is.Zero);
    }

    [Test]
    public async Task ATasksMilestonesShowByDueDateAndItsUpdatesNewestFirst()
    {
        var id = await ResolutionPublishedTopicAsync();
        // Entered out of order: the later milestone first, and two milestones due the same day.
        var taskId = await AddTaskAsync(id, dueInDays: 30, milestones:
            [new { title = "验收", dueOn = Today(20) }, new { title = "采购灯具", dueOn = Today(5) }, new { title = "安装调试", dueOn = Today(5) }]);
        await ReportAsync(Implementer, id, taskId, 30, "灯具已到货", []);
        await ReportAsync(Implementer, id, taskId, 60, "已安装一半", []);
        await ReportAsync(Implementer, id, taskId, 90, "调试完成", []);

        var task = (await GetTopicAsync(Anonymous, id))["tasks"]!.AsArray().Single()!;

        Assert.That(task["milestones"]!.AsArray().Select(m => m!["title"]!.GetValue<string>()), Is.EqualTo(new[] { "采购灯具", "安装调试", "验收" }),
            "by due date, then in the order entered");
        Assert.That(task["updates"]!.AsArray().Select(u => u!["note"]!.GetValue<string>()), Is.EqualTo(new[] { "调试完成", "已安装一半", "灯具已到货" }));
    }

    [Test]
    public async Task TheImplementerOfTheUnitReportsProgressWithANoteAndReachedMilestones()
    {
        var id = await ResolutionPublishedTopicAsync();
        var taskId = await AddTaskAsync(id, milestones: [new { title = "采购灯具", dueOn = Today(5) }, new { title = "安装调试", dueOn = Today(10) }]);
        var firstMilestone = await ScalarAsync<long>("SELECT MIN(id) FROM task_milestones WHERE task_id = @taskId", new { taskId });

        var response = await ReportAsync(Implementer, id, taskId, 40, "灯具已到货", [firstMilestone]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var task = (await ReadJsonAsync(response))["tasks"]!.AsArray().Single()!;
        Assert.That(task["progress"]!.GetValue<int>(), Is.EqualTo(40));
        Assert.That(task["updates"]!.AsArray().Single()!["note"]!.GetValue<string>(), Is.EqualTo("灯具已到货"));
        Assert.That(task["milestones"]![0]!["doneAt"], Is.Not.Null);
        Assert.That(task["milestones"]![1]!["doneAt"], Is.Null);
        Assert.That(await ScalarAsync<int>("SELECT progress FROM tasks WHERE id = @taskId", new { taskId }), Is.EqualTo(40));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM task_updates WHERE task_id = @taskId AND progress = 40", new { taskId }), Is.EqualTo(1));
        var events = await QueryAsync<(string Role, string Unit)>(
            "SELECT actor_role, actor_unit FROM topic_events WHERE topic_id = @id AND action = 'update_progress'", new { id });
        Assert.That(events.Single(), Is.EqualTo((Roles.Implementer, Unit)), "the timeline shows the unit, not the person");
    }

    [Test]
    public async Task ProgressNeverGoesBackwards()
    {
        var (id, taskId) = await ImplementingTopicAsync();
        await ReportOkAsync(Implementer, id, taskId, 60);

        var response = await ReportAsync(Implementer, id, taskId, 30);

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "progress_backwards");
        Assert.That(await ScalarAsync<int>("SELECT progress FROM tasks WHERE id = @taskId", new { taskId }), Is.EqualTo(60));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM task_updates"), Is.EqualTo(1));
        Assert.That((await ReportAsync(Implementer, id, taskId, 60, "等待验收")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the same percentage with a new note is fine");
    }

    [Test]
    public async Task AnImplementerMayNotReportOnAnotherUnitsTaskEvenOnTheSameTopic()
    {
        var (id, ownTask) = await ImplementingTopicAsync();
        var otherTask = await AddTaskAsync(id, OtherUnit, title: "清理线路");

        var response = await ReportAsync(Implementer, id, otherTask, 50);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await ScalarAsync<int>("SELECT progress FROM tasks WHERE id = @otherTask", new { otherTask }), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM task_updates"), Is.Zero);
        Assert.That((await ReportAsync(Implementer, id, ownTask, 50)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task OnlyAnImplementerOfATaskUnitOverTheRoomReportsProgress()
    {
        var (id, taskId) = await ImplementingTopicAsync();
        var otherUnit = await LoginWithRoleAsync("other-unit", Roles.Implementer, TownCode, OtherUnit);
        var otherCounty = await LoginWithRoleAsync("x", Roles.Implementer, OtherCountyCode, Unit);
        var otherCountyAdmin = await LoginWithRoleAsync("y", Roles.RoomAdmin, OtherCountyCode);

        await AssertProblemAsync(await ReportAsync(Anonymous, id, taskId, 10), HttpStatusCode.Unauthorized, "unauthenticated");
        foreach (var client in new[] { Resident, RoomAdmin, otherUnit, otherCounty, otherCountyAdmin })
        {
            await AssertProblemAsync(await ReportAsync(client, id, taskId, 10), HttpStatusCode.Forbidden, "forbidden");
            Assert.That(AllowedActions(await GetTopicAsync(client, id)), Does.Not.Contain("update_progress"));
        }

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM task_updates"), Is.Zero);
    }

    [Test]
    public async Task ProgressIsReportedOnlyWhileImplementing()
    {
        var id = await CompletedTopicAsync();
        var taskId = await ScalarAsync<long>("SELECT id FROM tasks WHERE topic_id = @id", new { id });

        var response = await ReportAsync(Implementer, id, taskId, 100, "补充说明");

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "invalid_transition");
        Assert.That(AllowedActions(await GetTopicAsync(Implementer, id)), Does.Not.Contain("update_progress"));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM task_updates"), Is.EqualTo(1));
    }

    [Test]
    public async Task BadProgressInputListsEveryFieldAndWritesNothing()
    {
        var (id, taskId) = await ImplementingTopicAsync();

        var response = await Implementer.PostAsJsonAsync($"/api/topics/{id}/tasks/{taskId}/progress", new { progress = 101, note = " " });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "progress", "note" }));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM task_updates"), Is.Zero);
    }

    [Test]
    public async Task AMilestoneOfAnotherTaskOrAnUnknownTaskIsRefused()
    {
        var (id, taskId) = await ImplementingTopicAsync();
        var otherTask = await AddTaskAsync(id, milestones: [new { title = "别的节点", dueOn = Today(3) }]);
        var foreignMilestone = await ScalarAsync<long>("SELECT id FROM task_milestones WHERE task_id = @otherTask", new { otherTask });

        await AssertProblemAsync(await ReportAsync(Implementer, id, taskId, 20, milestonesDone: [foreignMilestone]), HttpStatusCode.UnprocessableEntity, "milestone_unknown");
        await AssertProblemAsync(await ReportAsync(Implementer, id, 999_999, 20), HttpStatusCode.NotFound, "task_not_found");

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM task_updates"), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM task_milestones WHERE done_at IS NOT NULL"), Is.Zero);
    }

    [Test]
    public async Task ATaskPastItsDueDateAndNotDoneIsFlaggedOverdue()
    {
        var (id, lateTask) = await ImplementingTopicAsync();
        var doneTask = await AddTaskAsync(id, title: "修补路面");
        await ReportOkAsync(Implementer, id, doneTask, 100);
        await ExecuteAsync("UPDATE tasks k JOIN topics t ON t.id = k.topic_id SET k.due_on = DATE_SUB(k.due_on, INTERVAL 20 DAY) WHERE k.topic_id = @id", new { id });
        var dueToday = await AddTaskAsync(id, title: "清理杂物", dueInDays: 0);

        var tasks = (await GetTopicAsync(Anonymous, id))["tasks"]!.AsArray();

        Assert.That(tasks.Single(t => t!["id"]!.GetValue<long>() == lateTask)!["isOverdue"]!.GetValue<bool>(), Is.True);
        Assert.That(tasks.Single(t => t!["id"]!.GetValue<long>() == doneTask)!["isOverdue"]!.GetValue<bool>(), Is.False);
        Assert.That(tasks.Single(t => t!["id"]!.GetValue<long>() == dueToday)!["isOverdue"]!.GetValue<bool>(), Is.False, "due today: not overdue yet");
    }
}
