using System.Net;
using System.Net.Http.Json;
using Dapper;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Tests.Notifications;
using MaShangYi.Tests.Support;
using MySqlConnector;
using static MaShangYi.Api.Features.Notifications.NotificationTemplates;

namespace MaShangYi.Tests.Topics;

/// <summary>
/// Submissions that arrive together are written together (<see cref="SubmissionBatches"/>). To make a batch on purpose,
/// a test holds the receipt-sequence row of another room, submits there (the writer waits on that row), queues its
/// submissions meanwhile, and lets go: the queued ones are the next batch.
/// </summary>
public sealed class SubmissionBatchTests : NotificationTest
{
    private static SubmissionBatches Batches => Api.Services.GetRequiredService<SubmissionBatches>();

    [Test]
    public async Task SubmissionsQueuedTogetherAreWrittenInOneTransactionWithTheirReceiptNumbersInOrder()
    {
        var (blocker, batch) = await WriteAsOneBatchAsync(
            await CreationAsync("第一件事"), await CreationAsync("第二件事"), await CreationAsync("第三件事"), await CreationAsync("第四件事"));

        var created = batch.Select(w => w.Created!).ToList();
        Assert.That(created.Select(c => c.ReceiptNo[^4..]), Is.EqualTo(new[] { "0001", "0002", "0003", "0004" }));
        Assert.That(created.Select(c => Api.Observer.Transactions[c.Id]).Distinct().Count(), Is.EqualTo(1), "one transaction for the batch");
        Assert.That(Api.Observer.Transactions[blocker.Created!.Id], Is.Not.SameAs(Api.Observer.Transactions[created[0].Id]));
        // The writer's own thread all the way through its statements (the observers run after several): its I/O is
        // synchronous, so its round trips never wait in the thread pool's queue.
        Assert.That(created.Select(c => Api.Observer.OnThreadPool[c.Id]), Is.All.False, "written on the writer's own thread");
        foreach (var topic in created)
        {
            var read = await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{topic.Id}"));
            Assert.That((read["receiptNo"]!.GetValue<string>(), read["title"]!.GetValue<string>()), Is.EqualTo((topic.ReceiptNo, topic.Title)));
            Assert.That(read["timeline"]!.AsArray().Single()!["action"]!.GetValue<string>(), Is.EqualTo("submit"));
        }

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.EqualTo(5));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE action = 'submit'"), Is.EqualTo(5));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_sections"), Is.EqualTo(5));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(DISTINCT topic_id) FROM stats_pending"), Is.EqualTo(5), "every topic queued for the statistics");
        Assert.That(await ScalarAsync<int>("SELECT last_seq FROM room_topic_sequences WHERE room_id = @RoomId", new { RoomId }), Is.EqualTo(4));
    }

    [Test]
    public async Task ARetryWhoseFirstAttemptIsStoredDoesNotFailTheOthersOfItsBatch()
    {
        var first = await SubmitWithKeyAsync("retry-1");

        // The retry passed the earlier-answer check before its first attempt was committed, so it reaches the writer.
        var (_, batch) = await WriteAsOneBatchAsync(await CreationAsync("甲"), await CreationAsync("乙", key: "retry-1"), await CreationAsync("丙"));

        Assert.That(batch[1], Is.EqualTo(new SubmissionBatches.Written(null, first)), "answered with the first attempt");
        Assert.That(batch[0].Created!.ReceiptNo[^4..], Is.EqualTo("0002"));
        Assert.That(batch[2].Created!.ReceiptNo[^4..], Is.EqualTo("0003"), "the failed batch's receipt numbers were rolled back and taken again");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE room_id = @RoomId", new { RoomId }), Is.EqualTo(3));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events"), Is.EqualTo(4));
    }

    [Test]
    public async Task TheSameRetryTwiceInOneBatchIsWrittenOnceAndBothAreAnsweredWithIt()
    {
        var (_, batch) = await WriteAsOneBatchAsync(
            await CreationAsync("路灯不亮", key: "twice"), await CreationAsync("路灯不亮", key: "twice"), await CreationAsync("井盖松动"));

        var stored = batch[0].Created!.Id;
        Assert.That(batch[1], Is.EqualTo(new SubmissionBatches.Written(null, stored)));
        Assert.That(batch[2].Created, Is.Not.Null);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE idempotency_key = 'twice'"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE room_id = @RoomId", new { RoomId }), Is.EqualTo(2));
    }

    [Test]
    public async Task RoomAdminsAreToldOfEachSubmissionOfABatchWhileTheirCreditsLast()
    {
        var admin = await UserIdAsync("room-admin");
        await SubscribeAsync(RoomAdmin, NewSubmission, accepted: 2);

        var (_, batch) = await WriteAsOneBatchAsync(await CreationAsync("第一件事"), await CreationAsync("第二件事"), await CreationAsync("第三件事"));

        var notices = await NoticesToAsync(admin);
        Assert.That(notices.Select(n => n.Page), Is.EqualTo(batch.Take(2).Select(w => $"pages/topic/index?id={w.Created!.Id}")),
            "two acceptances, two messages, in the order of the batch");
        Assert.That(notices.Select(n => n.Data["thing1"]).Distinct().Count(), Is.EqualTo(2), "each about its own topic");
        Assert.That(await CreditsAsync(admin, NewSubmission), Is.Zero);
        Assert.That(await NoticesToAsync(ResidentId), Is.Empty, "nobody is told about their own submission");
    }

    [Test]
    public async Task AFailureInsideABatchFailsOnlyItsOwnSubmissionsAndStoresNothing()
    {
        Api.Observer.Fail = true;

        var (blocked, queued) = await StartBatchAsync(await CreationAsync("甲"), await CreationAsync("乙"));

        foreach (var write in queued.Append(blocked))
        {
            Assert.ThrowsAsync<InvalidOperationException>(() => write);
        }

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM stats_pending"), Is.Zero);
    }

    [Test]
    public async Task AnEarlierAnswerIsFoundForItsOwnUserAndKeyOnly()
    {
        var first = await SubmitWithKeyAsync("key-a");
        var other = await UserIdAsync("room-admin");
        var category = await CategoryIdAsync();

        // Asked at once, as submissions queued together are: their reads share a round trip, each pair found on its own.
        var facts = await Task.WhenAll(
            Batches.AskAsync(new(ResidentId, "key-a", RoomId, category)),
            Batches.AskAsync(new(other, "key-a", RoomId, category)),
            Batches.AskAsync(new(ResidentId, "key-b", RoomId, category)),
            Batches.AskAsync(new(ResidentId, null, RoomId, category)),
            Batches.AskAsync(new(other, null, RoomId, category)),
            Batches.AskAsync(new(ResidentId, "key-a", RoomId, category)));

        Assert.That(facts.Select(f => f.Earlier), Is.EqualTo(new long?[] { first, null, null, null, null, first }));
        Assert.That(facts.Select(f => f.Room?.Room.Id), Is.All.EqualTo(RoomId));
    }

    private async Task<long> SubmitWithKeyAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{RoomId}/topics")
        {
            Content = JsonContent.Create(new { title = "路灯不亮", description = "三号楼前的路灯坏了一周。", categoryId = await CategoryIdAsync(), anonymous = true }),
        };
        request.Headers.Add("Idempotency-Key", key);
        var response = await Resident.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await ReadJsonAsync(response))["id"]!.GetValue<long>();
    }

    /// <summary>A resident's topic in the test room, as the submit endpoint hands it to the writer.</summary>
    private async Task<TopicCreation.Creation> CreationAsync(string title, long? roomId = null, string? key = null)
    {
        await using var connection = new MySqlConnection(TestRun.ConnectionString);
        var room = (await RoomQueries.FindAsync(connection, roomId ?? RoomId, CancellationToken.None))!;
        var topic = new NewTopic(room, title, "三号楼前的路灯坏了一周，晚上出行不安全。", await CategoryIdAsync(), null, ResidentId, Anonymous: false, ProposerName: "王阿姨",
            Source: "resident", ActorRole: "resident", ActorUnit: null, ContactName: null, ContactPhone: null, IdempotencyKey: key, Content: ContentOutcome.Visible);
        return new TopicCreation.Creation(topic, new Caller(ResidentId, []), Api.Clock.GetUtcNow().UtcDateTime);
    }

    private async Task<(SubmissionBatches.Written Blocker, SubmissionBatches.Written[] Batch)> WriteAsOneBatchAsync(params TopicCreation.Creation[] creations)
    {
        var (blocked, queued) = await StartBatchAsync(creations);
        return (await blocked, await Task.WhenAll(queued));
    }

    /// <summary>
    /// Holds the other room's receipt sequence, submits there and waits until the writer is stuck on it, queues
    /// <paramref name="creations"/>, then lets go: they are written as the next batch.
    /// </summary>
    private async Task<(Task<SubmissionBatches.Written> Blocked, List<Task<SubmissionBatches.Written>> Queued)> StartBatchAsync(params TopicCreation.Creation[] creations)
    {
        var blocker = await CreationAsync("另一个区的事", OtherCountyRoomId);
        await using var holder = new MySqlConnection(TestRun.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync(
            "INSERT INTO room_topic_sequences (room_id, year, last_seq) VALUES (@room, @year, 0) ON DUPLICATE KEY UPDATE last_seq = last_seq",
            new { room = OtherCountyRoomId, year = blocker.Now.Year }, hold);

        var blocked = Batches.WriteAsync(blocker);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await ScalarAsync<long>("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'INSERT INTO room_topic_sequences%'") == 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the writer never reached the held row");
            await Task.Delay(20);
        }

        var queued = creations.Select(Batches.WriteAsync).ToList();
        await hold.RollbackAsync();
        return (blocked, queued);
    }
}
