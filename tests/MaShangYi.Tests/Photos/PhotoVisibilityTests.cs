using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.Photos;

public sealed class PhotoVisibilityTests : PhotoTest
{
    private async Task<(long TopicId, JsonObject Photo)> TopicWithPhotoAsync(bool anonymous = false)
    {
        var photo = await UploadOkAsync(Resident);
        var topic = await SubmitAsync(anonymous: anonymous, extra: new { photoIds = new[] { Id(photo) } });
        Assert.That(PhotoIds(topic["photos"]), Is.EqualTo(new[] { Id(photo) }), "the submission's answer shows its photo");
        return (Id(topic), photo);
    }

    private static async Task<JsonArray> PhotosOnDetailAsync(HttpClient client, long topicId) =>
        (await ReadJsonAsync(await client.GetAsync($"/api/topics/{topicId}")))["photos"]!.AsArray();

    [Test]
    public async Task APassedPhotoOfAPublicTopicIsShownToAnyoneWithAPlainCacheableUrl()
    {
        var (topicId, photo) = await TopicWithPhotoAsync();
        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });
        Assert.That(await PhotosOnDetailAsync(Anonymous, topicId), Is.Empty, "not before the check passed");

        await ApplyVerdictAsync(Id(photo), ContentVerdict.Pass);

        var shown = (await PhotosOnDetailAsync(Anonymous, topicId)).Single()!;
        Assert.That(shown["url"]!.GetValue<string>(), Does.Not.Contain("sig="));
        Assert.That(shown["mine"]!.GetValue<bool>(), Is.False);
        var served = await Anonymous.GetAsync(PathOf(shown["url"]));
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(served.Headers.CacheControl!.Public, Is.True);
        Assert.That(served.Headers.CacheControl.MaxAge, Is.EqualTo(TimeSpan.FromDays(1)));
    }

    [Test]
    public async Task APhotoOfATopicNotYetPublicIsServedOnlyWithAValidUnexpiredSignature()
    {
        var (topicId, photo) = await TopicWithPhotoAsync();
        await ApplyVerdictAsync(Id(photo), ContentVerdict.Pass);
        var mine = (await PhotosOnDetailAsync(Resident, topicId)).Single()!;
        var signed = PathOf(mine["url"]);
        Assert.That(signed, Does.Contain("exp=").And.Contain("sig="));

        var served = await Anonymous.GetAsync(signed);
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(served.Headers.CacheControl!.NoStore, Is.True);
        Assert.That(served.Headers.CacheControl.Private, Is.True);
        await AssertProblemAsync(await Anonymous.GetAsync(signed.Split('?')[0]), HttpStatusCode.NotFound, "photo_not_found");
        await AssertProblemAsync(await Anonymous.GetAsync(signed.Replace("display.jpg", "original.jpg")), HttpStatusCode.NotFound, "photo_not_found");
        await AssertProblemAsync(await Anonymous.GetAsync(signed[..^2] + (signed.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA")), HttpStatusCode.NotFound, "photo_not_found");

        Api.Clock.Advance(TimeSpan.FromMinutes(70));
        await AssertProblemAsync(await Anonymous.GetAsync(signed), HttpStatusCode.NotFound, "photo_not_found");
    }

    [Test]
    public async Task APhotoUrlOfAnAnonymousTopicRevealsNothingOfItsProposer()
    {
        var (topicId, photo) = await TopicWithPhotoAsync(anonymous: true);
        var openId = await ScalarAsync<string>("SELECT openid FROM users WHERE id = @ResidentId", new { ResidentId });
        foreach (var url in new[] { photo["url"]!, photo["thumbUrl"]!, (await PhotosOnDetailAsync(Resident, topicId)).Single()!["url"]! })
        {
            var text = url.GetValue<string>();
            Assert.That(text, Does.Match(@"^http://localhost/api/photos/[A-Za-z0-9_-]{22}/(thumb|display)\.jpg\?exp=\d+&sig=[A-Za-z0-9_-]{43}$"));
            Assert.That(text, Does.Not.Contain(openId).And.Not.Contain($"/{ResidentId}/").And.Not.Contain(topicId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/"));
        }
    }

    [Test]
    public async Task OthersSeeOnlyPassedPhotosTheUploaderSeesTheirOwnAndStaffSeeThoseInReview()
    {
        var (topicId, photo) = await TopicWithPhotoAsync();
        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });
        var (neighbour, _) = await LoginAsync("neighbour");

        Assert.That(await PhotosOnDetailAsync(neighbour, topicId), Is.Empty);
        var own = (await PhotosOnDetailAsync(Resident, topicId)).Single()!;
        Assert.That((own["status"]!.GetValue<string>(), own["mine"]!.GetValue<bool>()), Is.EqualTo(("checking", true)));
        Assert.That(PhotoIds(await PhotosOnDetailAsync(Reviewer, topicId)), Is.EqualTo(new[] { Id(photo) }));

        await ApplyVerdictAsync(Id(photo), ContentVerdict.Review);
        Assert.That(await PhotosOnDetailAsync(neighbour, topicId), Is.Empty);
        Assert.That((await PhotosOnDetailAsync(RoomAdmin, topicId)).Single()!["status"]!.GetValue<string>(), Is.EqualTo("review"));
        Assert.That((await PhotosOnDetailAsync(Resident, topicId)).Single()!["status"]!.GetValue<string>(), Is.EqualTo("review"));
    }

    [Test]
    public async Task ARiskyPhotoAppearsNowhereItsFilesAreGoneAndItsUploaderIsToldOnce()
    {
        await ExecuteAsync("INSERT INTO subscription_credits (user_id, template_id, credits, updated_at) VALUES (@ResidentId, 'sim-topic_progress', 3, NOW(3))", new { ResidentId });
        var (topicId, photo) = await TopicWithPhotoAsync();
        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });
        var key = await PublicKeyAsync(Id(photo));

        await ApplyVerdictAsync(Id(photo), ContentVerdict.Risky);
        await ApplyVerdictAsync(Id(photo), ContentVerdict.Risky);
        await ApplyVerdictAsync(Id(photo), ContentVerdict.Pass);

        foreach (var client in new[] { Anonymous, Resident, Reviewer, RoomAdmin })
        {
            Assert.That(await PhotosOnDetailAsync(client, topicId), Is.Empty);
        }

        Assert.That(await ScalarAsync<string>("SELECT status FROM photos WHERE id = @id", new { id = Id(photo) }), Is.EqualTo("removed"));
        await AssertProblemAsync(await Anonymous.GetAsync(PathOf(photo["url"])), HttpStatusCode.NotFound, "photo_not_found");
        Assert.That(StoredFiles().Where(f => f.Contains(key, StringComparison.Ordinal)), Is.Empty);
        var told = (await QueryAsync<string>("SELECT payload FROM outbox WHERE kind = 'wechat_subscribe'"))
            .Where(p => JsonNode.Parse(p)!["data"]?.AsObject().Any(v => v.Value!.GetValue<string>().Contains("未通过内容安全审核", StringComparison.Ordinal)) == true).ToList();
        Assert.That(told, Has.Count.EqualTo(1), "told once, though the verdict came twice");
        Assert.That((await ReadJsonAsync(await RoomAdmin.GetAsync("/api/moderation/queue")))["photos"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task APhotoInReviewOrUncheckedForHalfAnHourWaitsInTheRoomAdminsQueueUntilApproved()
    {
        var (topicId, inReview) = await TopicWithPhotoAsync();
        var unchecked_ = await UploadOkAsync(Resident);
        await ActAsync(Reviewer, topicId, "accept", new { announcementEndsOn = Today(7) });
        var comment = await Resident.PostAsJsonAsync($"/api/topics/{topicId}/comments", new { stance = "support", body = "附上夜里的照片", photoIds = new[] { Id(unchecked_) } });
        Assert.That(comment.StatusCode, Is.EqualTo(HttpStatusCode.Created), await comment.Content.ReadAsStringAsync());
        await ApplyVerdictAsync(Id(inReview), ContentVerdict.Review);

        async Task<List<long>> QueuedAsync()
        {
            var queue = await ReadJsonAsync(await RoomAdmin.GetAsync("/api/moderation/queue"));
            Assert.That(queue["photos"], Is.Not.Null, queue.ToJsonString());
            return queue["photos"]!.AsArray().Select(p => p!["photoId"]!.GetValue<long>()).ToList();
        }

        Assert.That(await QueuedAsync(), Is.EqualTo(new[] { Id(inReview) }), "a photo checking for less than 30 minutes is not queued yet");
        // Half an hour without a verdict (the clock is not moved: the staff's tokens would expire with it).
        await ExecuteAsync("UPDATE photos SET created_at = created_at - INTERVAL 31 MINUTE WHERE id = @id", new { id = Id(unchecked_) });
        Assert.That(await QueuedAsync(), Is.EqualTo(new[] { Id(inReview), Id(unchecked_) }));
        Assert.That((await Resident.PostAsync($"/api/photos/{Id(inReview)}/approve", null)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        Assert.That((await RoomAdmin.PostAsync($"/api/photos/{Id(inReview)}/approve", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await RoomAdmin.PostAsync($"/api/photos/{Id(unchecked_)}/hide", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That(await QueuedAsync(), Is.Empty);
        Assert.That(PhotoIds(await PhotosOnDetailAsync(Anonymous, topicId)), Is.EqualTo(new[] { Id(inReview) }));
        var comments = await ReadJsonAsync(await Resident.GetAsync($"/api/topics/{topicId}/comments"));
        Assert.That(comments["items"]!.AsArray().Single()!["photos"]!.AsArray(), Is.Empty, "a hidden photo is gone even for its uploader");
    }
}
