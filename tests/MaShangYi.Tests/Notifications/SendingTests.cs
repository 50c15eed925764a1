using MaShangYi.Api.Infrastructure.WeChat;
using static MaShangYi.Api.Features.Notifications.NotificationTemplates;

namespace MaShangYi.Tests.Notifications;

/// <summary>The outbox sends each message through WeChat once, and acts on WeChat's answer.</summary>
public sealed class SendingTests : NotificationTest
{
    private async Task<long> AcceptedWithOneMessageAsync(int credits = 3, string title = "小区路灯不亮")
    {
        await SubscribeAsync(Resident, TopicProgress, credits);
        var id = (await SubmitAsync(title: title))["id"]!.GetValue<long>();
        await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });
        return id;
    }

    [Test]
    public async Task AMessageIsSentToTheRecipientWithTheTemplateThePageAndTheCutData()
    {
        var id = await AcceptedWithOneMessageAsync(title: "三号楼前的路灯坏了一个多月晚上老人出门很不安全");

        await RunOutboxOnceAsync();

        var message = Api.WeChat.Messages.Single();
        Assert.That(message.ToOpenId, Is.EqualTo(SimulatedWeChatClient.OpenIdFor("resident")));
        Assert.That(message.TemplateId, Is.EqualTo(TemplateId(TopicProgress)));
        Assert.That(message.Page, Is.EqualTo($"pages/topic/index?id={id}"));
        Assert.That(message.Data["thing1"], Is.EqualTo("三号楼前的路灯坏了一个多月晚上老人出门…"));
        Assert.That(message.Data["phrase2"], Is.EqualTo("听取意见中"));
        Assert.That(message.Data["time4"], Does.Match(@"^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$"));
        Assert.That((await NoticesAsync()).Single().Status, Is.EqualTo("sent"));
    }

    [Test]
    public async Task AMessageWhoseInstanceStoppedMidSendIsNotSentASecondTime()
    {
        await AcceptedWithOneMessageAsync();
        var now = Api.Clock.GetUtcNow().UtcDateTime;
        // As an instance killed while WeChat was answering leaves it: claimed, handed over, never recorded.
        await ExecuteAsync(
            "UPDATE outbox SET status = 'sending', claim_id = 'dead', claimed_until = @until, handed_over_at = @now, attempts = 1",
            new { until = now.AddSeconds(60), now });

        Api.Clock.Advance(TimeSpan.FromSeconds(61));
        await RunOutboxOnceAsync();

        Assert.That(Api.WeChat.CallsTo(nameof(IWeChatClient.SendSubscribeMessageAsync)), Is.Zero,
            "WeChat may have it already: a second copy would spend the resident's next acceptance");
        Assert.That((await NoticesAsync()).Single().Status, Is.EqualTo("dropped"));
        Assert.That(await ScalarAsync<string>("SELECT last_error FROM outbox"), Does.StartWith("in doubt"));
    }

    [Test]
    public async Task TheHandOverIsRecordedWhileWeChatIsCalledAndClearedOnceTheSendIsRecorded()
    {
        await AcceptedWithOneMessageAsync();
        DateTime? duringSend = null;
        Api.WeChat.OnSend = async _ => duringSend = await ScalarAsync<DateTime?>("SELECT handed_over_at FROM outbox");

        await RunOutboxOnceAsync();

        Assert.That(duringSend, Is.Not.Null, "an instance dying now leaves the message in doubt, so it is not sent twice");
        Assert.That(await ScalarAsync<DateTime?>("SELECT handed_over_at FROM outbox"), Is.Null);
        Assert.That((await NoticesAsync()).Single().Status, Is.EqualTo("sent"));
    }

    [Test]
    public async Task AMessageClaimedByAnInstanceThatStoppedBeforeSendingItIsSent()
    {
        await AcceptedWithOneMessageAsync();
        var now = Api.Clock.GetUtcNow().UtcDateTime;
        await ExecuteAsync(
            "UPDATE outbox SET status = 'sending', claim_id = 'dead', claimed_until = @until, attempts = 1", new { until = now.AddSeconds(60) });

        Api.Clock.Advance(TimeSpan.FromSeconds(61));
        await RunOutboxOnceAsync();

        Assert.That(Api.WeChat.Messages, Has.Count.EqualTo(1));
        Assert.That((await NoticesAsync()).Single().Status, Is.EqualTo("sent"));
    }

    [Test]
    public async Task RefusedByWeChatTheMessageIsDroppedTheCreditsZeroedAndNothingRetried()
    {
        await AcceptedWithOneMessageAsync(credits: 3);
        Assert.That(await CreditsAsync(ResidentId, TopicProgress), Is.EqualTo(2));
        Api.WeChat.FailWith = new WeChatException(WeChatFailure.SubscriptionRefused, 43101, "user refuse to accept the msg");

        await RunOutboxOnceAsync();
        Api.WeChat.FailWith = null;
        Api.Clock.Advance(TimeSpan.FromHours(2));
        await RunOutboxOnceAsync();

        Assert.That(Api.WeChat.CallsTo(nameof(IWeChatClient.SendSubscribeMessageAsync)), Is.EqualTo(1));
        Assert.That((await NoticesAsync()).Single().Status, Is.EqualTo("dropped"));
        Assert.That(await ScalarAsync<string>("SELECT last_error FROM outbox"), Does.StartWith("43101"));
        Assert.That(await CreditsAsync(ResidentId, TopicProgress), Is.Zero, "WeChat holds no acceptance any more");
    }

    [Test]
    public async Task BadDataIsDroppedAndTheUnusedCreditGivenBack()
    {
        await AcceptedWithOneMessageAsync(credits: 1);
        Api.WeChat.FailWith = new WeChatException(WeChatFailure.InvalidArgument, 47003, "argument invalid! data.thing1.value");

        await RunOutboxOnceAsync();

        Assert.That((await NoticesAsync()).Single().Status, Is.EqualTo("dropped"));
        Assert.That(await ScalarAsync<string>("SELECT last_error FROM outbox"), Does.Contain("47003"));
        Assert.That(await CreditsAsync(ResidentId, TopicProgress), Is.EqualTo(1));
    }

    [Test]
    public async Task WeChatBusyIsRetriedAfterTheBackoffAndThenSent()
    {
        await AcceptedWithOneMessageAsync();
        Api.WeChat.FailWith = new WeChatException(WeChatFailure.Busy, -1, "system busy");

        await RunOutboxOnceAsync();
        Assert.That((await NoticesAsync()).Single().Status, Is.EqualTo("pending"));
        Api.WeChat.FailWith = null;
        Assert.That(await RunOutboxOnceAsync(), Is.Zero, "not before the backoff");
        Api.Clock.Advance(TimeSpan.FromSeconds(31));
        await RunOutboxOnceAsync();

        Assert.That(Api.WeChat.CallsTo(nameof(IWeChatClient.SendSubscribeMessageAsync)), Is.EqualTo(2));
        Assert.That((await NoticesAsync()).Single().Status, Is.EqualTo("sent"));
        Assert.That(await CreditsAsync(ResidentId, TopicProgress), Is.EqualTo(2), "one message, one credit, however many attempts");
    }

    [Test]
    public async Task TwoWorkersSendEachMessageOfAChangeExactlyOnce()
    {
        var (id, _) = await DeliberatedTopicAsync();
        await SubscribeAsync(Resident, TopicProgress);
        for (var i = 0; i < 12; i++)
        {
            var (supporter, _) = await LoginAsync($"supporter-{i}");
            await SubscribeAsync(supporter, TopicProgress);
            await ActAsync(supporter, id, "support", new { });
        }

        await PublishResolutionAsync(RoomAdmin, id);
        Assert.That(await NoticesAsync(), Has.Count.EqualTo(13));
        while ((await Task.WhenAll(RunOutboxOnceAsync(), RunOutboxOnceAsync())).Sum() > 0)
        {
        }

        Assert.That(Api.WeChat.Messages.Select(m => m.ToOpenId).ToList(), Is.Unique.And.Count.EqualTo(13));
        Assert.That((await NoticesAsync()).Select(n => n.Status), Is.All.EqualTo("sent"));
    }
}
