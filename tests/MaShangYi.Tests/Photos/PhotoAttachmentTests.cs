using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.Photos;

public sealed class PhotoAttachmentTests : PhotoTest
{
    [Test]
    public async Task ARetriedSubmissionWithPhotosMakesOneTopicAndAttachesEachPhotoOnce()
    {
        var photos = new[] { Id(await UploadOkAsync(Resident, "a")), Id(await UploadOkAsync(Resident, "b")), Id(await UploadOkAsync(Resident, "c")) };
        var body = new { title = "路灯不亮", description = "三号楼前的路灯坏了一个月。", categoryId = await CategoryIdAsync(), photoIds = photos };

        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{RoomId}/topics") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "retry-with-photos");
            return await Resident.SendAsync(request);
        }

        var first = await SendAsync();
        var second = await SendAsync();

        Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.OK)));
        var topic = await ReadJsonAsync(first);
        Assert.That(PhotoIds(topic["photos"]), Is.EqualTo(photos), "in the order given");
        Assert.That(PhotoIds((await ReadJsonAsync(second))["photos"]), Is.EqualTo(photos));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM photos WHERE topic_id = @id AND attached_kind = 'topic' AND room_id = @RoomId", new { id = Id(topic), RoomId }), Is.EqualTo(3));
    }

    [Test]
    public async Task AnotherPersonsPhotoOrARemovedOneIsRefusedWith400AndNothingIsWritten()
    {
        var (neighbour, _) = await LoginAsync("neighbour");
        var theirs = Id(await UploadOkAsync(neighbour));
        var removed = Id(await UploadOkAsync(Resident));
        Assert.That((await Resident.DeleteAsync($"/api/photos/{removed}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        foreach (var photoIds in new[] { new[] { theirs }, new[] { removed }, new[] { 999999L } })
        {
            var response = await Resident.PostAsJsonAsync($"/api/rooms/{RoomId}/topics",
                new { description = "三号楼前的路灯坏了一个月。", categoryId = await CategoryIdAsync(), photoIds });
            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
            Assert.That(problem["errors"]!["photoIds"], Is.Not.Null);
        }

        var seven = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            seven.Add(Id(await UploadOkAsync(Resident, new string('s', i))));
        }

        await AssertProblemAsync(await Resident.PostAsJsonAsync($"/api/rooms/{RoomId}/topics",
            new { description = "三号楼前的路灯坏了一个月。", categoryId = await CategoryIdAsync(), photoIds = seven }), HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.Zero);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM photos WHERE attached_kind IS NOT NULL"), Is.Zero);
    }

    [Test]
    public async Task APhotoAlreadyOnOneTopicCannotBeAttachedToAComment()
    {
        var photo = Id(await UploadOkAsync(Resident));
        var topicId = Id(await SubmitAsync(extra: new { photoIds = new[] { photo } }));
        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });
        var response = await Resident.PostAsJsonAsync($"/api/topics/{topicId}/comments", new { stance = "support", body = "同意", photoIds = new[] { photo } });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_comments"), Is.Zero);
    }

    [Test]
    public async Task TheImplementersAndTheResultsPhotosShowBesideTheResidentsOnTheTopicAndTheBoard()
    {
        var before = await UploadOkAsync(Resident, "before");
        var topicId = Id(await SubmitAsync(extra: new { photoIds = new[] { Id(before) } }));
        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });
        await PublishResolutionInDatabaseAsync(topicId);
        var taskId = await AddTaskAsync(topicId);
        var progress = await UploadOkAsync(Implementer, "progress");
        var notMine = await UploadOkAsync(Resident, "not-mine");
        var refused = await Implementer.PostAsJsonAsync($"/api/topics/{topicId}/tasks/{taskId}/progress", new { progress = 100, note = "已更换", photoIds = new[] { Id(notMine) } });
        await AssertProblemAsync(refused, HttpStatusCode.BadRequest, "validation_failed");
        await ActAsync(Implementer, topicId, $"tasks/{taskId}/progress", new { progress = 100, note = "已更换灯具", photoIds = new[] { Id(progress) } });
        var result = await UploadOkAsync(RoomAdmin, "result");
        await ActAsync(RoomAdmin, topicId, "complete", new { result = "路灯已全部更换。", photoIds = new[] { Id(result) } });
        foreach (var photo in new[] { before, progress, result })
        {
            await ApplyVerdictAsync(Id(photo), ContentVerdict.Pass);
        }

        var topic = await GetTopicAsync(Anonymous, topicId);
        Assert.That(PhotoIds(topic["photos"]), Is.EqualTo(new[] { Id(before) }));
        Assert.That(PhotoIds(topic["tasks"]![0]!["updates"]![0]!["photos"]), Is.EqualTo(new[] { Id(progress) }));
        Assert.That(PhotoIds(topic["resultPhotos"]), Is.EqualTo(new[] { Id(result) }));

        var scene = await ScalarAsync<string>("SELECT scene FROM rooms WHERE id = @RoomId", new { RoomId });
        var board = await Anonymous.GetStringAsync($"/board/rooms/{scene}");
        foreach (var photo in new[] { before, progress, result })
        {
            Assert.That(board, Does.Contain($"/api/photos/{await PublicKeyAsync(Id(photo))}/thumb.jpg"));
        }

        Assert.That(board, Does.Contain("办理前").And.Contain("办理后"));
    }
}
