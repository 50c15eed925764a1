using static MaShangYi.Api.Features.Notifications.NotificationTemplates;

namespace MaShangYi.Tests.Notifications;

/// <summary>A message is written only against an acceptance, and never more messages than acceptances.</summary>
public sealed class CreditTests : NotificationTest
{
    [Test]
    public async Task WithoutAnAcceptanceNothingIsEnqueued()
    {
        await AnnouncedTopicAsync();

        Assert.That(await NoticesAsync(), Is.Empty);
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM subscription_credits"), Is.Zero);
    }

    [Test]
    public async Task AcceptancesAddUpAndEachMessageSpendsOneUntilNoneAreLeft()
    {
        Assert.That(await SubscribeAsync(Resident, TopicProgress), Is.EqualTo(1));
        Assert.That(await SubscribeAsync(Resident, TopicProgress), Is.EqualTo(2), "a second tap adds to the first");
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await SubmitAsync())["id"]!.GetValue<long>());
        }

        foreach (var id in ids)
        {
            await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });
        }

        Assert.That((await NoticesToAsync(ResidentId)).Select(n => n.Page), Is.EqualTo(ids.Take(2).Select(id => $"pages/topic/index?id={id}")),
            "two acceptances, two messages: the third decision is not sent");
        Assert.That(await CreditsAsync(ResidentId, TopicProgress), Is.Zero);
    }

    [Test]
    public async Task CreditsAreKeptPerTemplate()
    {
        await SubscribeAsync(Resident, NewSubmission, 3);

        await AnnouncedTopicAsync();

        Assert.That(await NoticesAsync(), Is.Empty, "an acceptance of another template does not pay for topic progress");
        Assert.That(await CreditsAsync(ResidentId, NewSubmission), Is.EqualTo(3));
    }

    [Test]
    public async Task ARefusedChangeSpendsNoCredit()
    {
        await SubscribeAsync(Resident, TopicProgress);
        var id = (await SubmitAsync())["id"]!.GetValue<long>();
        Api.Observer.Fail = true;

        var response = await Reviewer.PostAsync($"/api/topics/{id}/accept", System.Net.Http.Json.JsonContent.Create(new { announcementEndsOn = Today(7) }));

        Assert.That((int)response.StatusCode, Is.EqualTo(500));
        Assert.That(await NoticesAsync(), Is.Empty, "the message rolled back with the change");
        Assert.That(await CreditsAsync(ResidentId, TopicProgress), Is.EqualTo(1), "and so did the credit");
    }
}
