using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Tests.Support;

namespace MaShangYi.Tests.Topics;

/// <summary>
/// Base for stage-4 tests (implementation and feedback): an implementer of 住建局 over the town, and helpers that bring a
/// topic to a published resolution, set up tasks and finish them.
/// </summary>
public abstract class ImplementationTest : TopicTest
{
    protected const string Unit = "住建局";
    protected const string OtherUnit = "城管局";

    protected HttpClient Implementer { get; private set; } = null!;

    [SetUp]
    public async Task SetUpImplementerAsync() => Implementer = await LoginWithRoleAsync("implementer", Roles.Implementer, TownCode, Unit);

    /// <summary>
    /// An announced topic moved straight to resolution_published in the database: the meeting endpoints that lead there
    /// live in another feature, and these tests are about what follows.
    /// </summary>
    protected async Task<long> ResolutionPublishedTopicAsync()
    {
        var id = await AnnouncedTopicAsync();
        await PublishResolutionInDatabaseAsync(id);
        return id;
    }

    protected static Task PublishResolutionInDatabaseAsync(long id) => ExecuteAsync(
        "UPDATE topics SET status = 'resolution_published', resolution_text = '更换三号楼前路灯', resolution_deadline = @deadline WHERE id = @id",
        new { id, deadline = DateTime.Parse(Today(30), System.Globalization.CultureInfo.InvariantCulture) });

    protected static object TaskBody(string unit = Unit, int dueInDays = 14, string title = "更换路灯", params object[] milestones) =>
        new { title, leadPerson = "张建国", unit, dueOn = Today(dueInDays), milestones };

    /// <summary>Adds a task as the room admin and returns its id.</summary>
    protected async Task<long> AddTaskAsync(long topicId, string unit = Unit, int dueInDays = 14, string title = "更换路灯", params object[] milestones)
    {
        var topic = await ActAsync(RoomAdmin, topicId, "tasks", TaskBody(unit, dueInDays, title, milestones));
        return topic["tasks"]!.AsArray().Last()!["id"]!.GetValue<long>();
    }

    protected async Task<(long TopicId, long TaskId)> ImplementingTopicAsync()
    {
        var id = await ResolutionPublishedTopicAsync();
        return (id, await AddTaskAsync(id));
    }

    protected static Task<HttpResponseMessage> ReportAsync(HttpClient client, long topicId, long taskId, int progress, string note = "已采购灯具", long[]? milestonesDone = null) =>
        client.PostAsJsonAsync($"/api/topics/{topicId}/tasks/{taskId}/progress", new { progress, note, milestonesDone = milestonesDone ?? [] });

    protected static Task<JsonObject> ReportOkAsync(HttpClient client, long topicId, long taskId, int progress) =>
        ActAsync(client, topicId, $"tasks/{taskId}/progress", new { progress, note = "按计划推进" });

    /// <summary>A topic whose one task is done and whose result the room admin has published: completed, awaiting evaluation.</summary>
    protected async Task<long> CompletedTopicAsync()
    {
        var (id, taskId) = await ImplementingTopicAsync();
        await ReportOkAsync(Implementer, id, taskId, 100);
        await ActAsync(RoomAdmin, id, "complete", new { result = "路灯已全部更换，夜间照明恢复。" });
        return id;
    }

    protected static async Task EvaluateAsync(HttpClient client, long topicId, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/topics/{topicId}/evaluations", body);
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    protected static async Task<JsonObject> GetTopicAsync(HttpClient client, long id) => await ReadJsonAsync(await client.GetAsync($"/api/topics/{id}"));
}
