using MaShangYi.Api.Infrastructure.Auth;
using static MaShangYi.Api.Features.Notifications.NotificationTemplates;

namespace MaShangYi.Tests.Notifications;

/// <summary>Due-date reminders: once per due item and person, whenever and however often the job runs.</summary>
public sealed class ReminderTests : NotificationTest
{
    private const string Unit = "清江浦区住建局";

    [Test]
    public async Task AnOverdueTaskIsRemindedOnceToTheImplementersOfItsUnit()
    {
        var implementer = await LoginWithRoleAsync("implementer", Roles.Implementer, "320812", Unit);
        var otherUnit = await LoginWithRoleAsync("other-unit", Roles.Implementer, "320812", "清江浦区城管局");
        await SubscribeAsync(implementer, TaskOverdue, 5);
        await SubscribeAsync(otherUnit, TaskOverdue, 5);
        var (id, _) = await DeliberatedTopicAsync();
        await PublishResolutionAsync(RoomAdmin, id);
        var late = await ActAsync(RoomAdmin, id, "tasks", new { title = "更换路灯", leadPerson = "李工", unit = Unit, dueOn = Today(1) });
        var done = await ActAsync(RoomAdmin, id, "tasks", new { title = "清理线路", leadPerson = "王工", unit = Unit, dueOn = Today(1) });
        var doneId = done["tasks"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()).Max();
        await ActAsync(implementer, id, $"tasks/{doneId}/progress", new { progress = 100, note = "已清理" });
        await ActAsync(implementer, id, $"tasks/{late["tasks"]![0]!["id"]}/progress", new { progress = 40, note = "已采购灯具" });

        Assert.That(await RunRemindersAsync(), Is.Zero, "not overdue yet");
        Api.Clock.Advance(TimeSpan.FromDays(2));
        var first = await RunRemindersAsync();
        var again = await RunRemindersAsync();
        Api.Clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await RunRemindersAsync();

        Assert.That((first, again, nextDay), Is.EqualTo((1, 0, 0)));
        var notice = (await NoticesAsync()).Single();
        Assert.That(notice.UserId, Is.EqualTo(await UserIdAsync("implementer")));
        Assert.That(notice.TemplateKey, Is.EqualTo(TaskOverdue));
        Assert.That(notice.Data["thing1"], Is.EqualTo("更换路灯"), "the open task only, not the finished one");
        Assert.That(notice.Data["thing4"], Is.EqualTo("已逾期，当前进度40%"));
        Assert.That(await CreditsAsync(await UserIdAsync("implementer"), TaskOverdue), Is.EqualTo(4));
        Assert.That(await ScalarAsync<string>("SELECT dedupe_key FROM outbox"),
            Is.EqualTo($"task_overdue:{late["tasks"]![0]!["id"]}:{Today(-2)}:{await UserIdAsync("implementer")}"), "one per task, due date and person");
    }

    [Test]
    public async Task ABClassReviewDateIsRemindedOnceToTheRoomAdminsAndANewDateMakesANewReminder()
    {
        var otherAdmin = await LoginWithRoleAsync("other-admin", Roles.RoomAdmin, OtherCountyCode);
        await SubscribeAsync(RoomAdmin, ReviewDue, 5);
        await SubscribeAsync(otherAdmin, ReviewDue, 5);
        var id = await AnnouncedTopicAsync();
        await ActAsync(RoomAdmin, id, "classify", new { @class = "B", note = "持续跟踪", nextReviewOn = Today(1) });

        Assert.That(await RunRemindersAsync(), Is.Zero, "the date has not come");
        Api.Clock.Advance(TimeSpan.FromDays(1));
        Assert.That(await RunRemindersAsync(), Is.EqualTo(1));
        Assert.That(await RunRemindersAsync(), Is.Zero, "running again changes nothing");

        var (roomAdmin, _) = await LoginAsync("room-admin");
        await ActAsync(roomAdmin, id, "classify", new { @class = "B", note = "继续跟踪", nextReviewOn = Today(3) });
        Api.Clock.Advance(TimeSpan.FromDays(3));
        Assert.That(await RunRemindersAsync(), Is.EqualTo(1), "the new date is a new due item");

        var notices = await NoticesAsync();
        Assert.That(notices.Select(n => n.UserId).Distinct(), Is.EqualTo(new[] { await UserIdAsync("room-admin") }));
        Assert.That(notices.Select(n => n.TemplateKey), Is.All.EqualTo(ReviewDue));
        Assert.That(notices[0].Data["thing1"], Is.EqualTo("小区路灯不亮"));
        Assert.That(notices[0].Data["date3"], Is.Not.EqualTo(notices[1].Data["date3"]));
        Assert.That(notices[0].Page, Is.EqualTo($"pages/topic/index?id={id}"));
    }

    [Test]
    public async Task ARoomAdminWithoutACreditIsRemindedOnceTheyAccept()
    {
        var id = await AnnouncedTopicAsync();
        await ActAsync(RoomAdmin, id, "classify", new { @class = "B", note = "持续跟踪", nextReviewOn = Today(1) });
        Api.Clock.Advance(TimeSpan.FromDays(1));

        var without = await RunRemindersAsync();
        var (roomAdmin, _) = await LoginAsync("room-admin");
        await SubscribeAsync(roomAdmin, ReviewDue);
        var with = await RunRemindersAsync();

        Assert.That((without, with), Is.EqualTo((0, 1)));
        Assert.That(await RunRemindersAsync(), Is.Zero);
    }
}
