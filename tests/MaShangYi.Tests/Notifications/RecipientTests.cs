using MaShangYi.Api.Infrastructure.Auth;
using static MaShangYi.Api.Features.Notifications.NotificationTemplates;

namespace MaShangYi.Tests.Notifications;

/// <summary>Who is told what on which action — and who is not.</summary>
public sealed class RecipientTests : NotificationTest
{
    private const string Unit = "清江浦区住建局";

    [Test]
    public async Task ANewSubmissionIsForTheReviewersAndRoomAdminsOverTheRoomOnlyAndNeverForTheStaffWhoSubmittedIt()
    {
        var otherAdmin = await LoginWithRoleAsync("other-admin", Roles.RoomAdmin, OtherCountyCode);
        var otherReviewer = await LoginWithRoleAsync("other-reviewer", Roles.Reviewer, OtherCountyCode);
        // A reviewer at the city covers every room; holding both staff roles still makes one message.
        var cityReviewer = await LoginWithRoleAsync("city-reviewer", Roles.Reviewer, "320800");
        await ExecuteAsync(
            "INSERT INTO role_grants (user_id, role, region_id, created_at) SELECT @userId, 'room_admin', id, NOW(3) FROM regions WHERE code = @TownCode",
            new { userId = await UserIdAsync("city-reviewer"), TownCode });
        foreach (var client in new[] { RoomAdmin, Reviewer, otherAdmin, otherReviewer, cityReviewer, Resident })
        {
            await SubscribeAsync(client, NewSubmission, 5);
        }

        var (roomAdminId, reviewerId, cityReviewerId) = (await UserIdAsync("room-admin"), await UserIdAsync("reviewer"), await UserIdAsync("city-reviewer"));

        var topic = await SubmitAsync(title: "小区路灯不亮");
        await SubmitAsync(Reviewer, title: "审题人自己提的议题");

        var notices = await NoticesAsync();
        var first = notices.Where(n => n.Data["character_string3"] == topic["receiptNo"]!.GetValue<string>()).ToList();
        Assert.That(first.Select(n => n.UserId), Is.EquivalentTo(new[] { roomAdminId, reviewerId, cityReviewerId }));
        Assert.That(first.Select(n => n.TemplateKey).Distinct(), Is.EqualTo(new[] { NewSubmission }));
        Assert.That(first[0].Data, Does.ContainKey("thing1").WithValue("小区路灯不亮"));
        Assert.That(first[0].Page, Is.EqualTo($"pages/topic/index?id={topic["id"]}"));
        var second = notices.Except(first).ToList();
        Assert.That(second.Select(n => n.UserId), Is.EquivalentTo(new[] { roomAdminId, cityReviewerId }), "the reviewer is not told of their own topic");
        Assert.That(await CreditsAsync(reviewerId, NewSubmission), Is.EqualTo(4), "one credit spent, none for their own topic");
        Assert.That(await CreditsAsync(cityReviewerId, NewSubmission), Is.EqualTo(3), "one message a topic, though two grants cover the room");
    }

    [Test]
    public async Task TheProposerIsToldOfEveryReviewDecisionAndTheReviewerOfNone()
    {
        await SubscribeAsync(Resident, TopicProgress, 10);
        await SubscribeAsync(Reviewer, TopicProgress, 10);
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await SubmitAsync())["id"]!.GetValue<long>());
        }

        await ActAsync(Reviewer, ids[0], "accept", new { announcementEndsOn = Today(7) });
        await ActAsync(Reviewer, ids[1], "reject", new { criterionId = await CriterionIdAsync(), reason = "属于物业合同纠纷" });
        await ActAsync(Reviewer, ids[2], "refer", new { target = "12345 热线", reference = "GD001" });
        await ActAsync(Reviewer, ids[3], "merge", new { intoTopicId = ids[0] });

        var notices = await NoticesAsync();
        Assert.That(notices.Select(n => n.UserId).Distinct(), Is.EqualTo(new[] { ResidentId }));
        Assert.That(notices.Select(n => n.Data["phrase2"]), Is.EqualTo(new[] { "听取意见中", "未通过审核", "已转交办理", "已合并办理" }));
        Assert.That(notices.Select(n => n.Page), Is.EqualTo(ids.Select(id => $"pages/topic/index?id={id}")));
    }

    [Test]
    public async Task AnAnonymousProposerIsToldTooAndTheMessageNamesNobody()
    {
        await SubscribeAsync(Resident, TopicProgress);
        var id = (await SubmitAsync(title: "匿名反映的噪音问题", anonymous: true))["id"]!.GetValue<long>();

        await ActAsync(Reviewer, id, "accept", new { announcementEndsOn = Today(7) });

        var notice = (await NoticesToAsync(ResidentId)).Single();
        Assert.That(notice.Data.Keys, Is.EquivalentTo(new[] { "thing1", "phrase2", "thing3", "time4" }));
        Assert.That(notice.Data["thing1"], Is.EqualTo("匿名反映的噪音问题"));
        Assert.That(notice.Data["thing3"], Is.EqualTo("已通过审核，正在公开听取意见"));
    }

    [Test]
    public async Task TheResolutionAndTheCompletionAreToldToTheProposerAndSupportersAndTheStepsBetweenToNobody()
    {
        var implementer = await LoginWithRoleAsync("implementer", Roles.Implementer, "320812", Unit);
        var (supporter, supporterId) = await LoginAsync("supporter");
        var (silent, silentId) = await LoginAsync("silent-supporter");
        await SubscribeAsync(Resident, TopicProgress, 10);
        await SubscribeAsync(supporter, TopicProgress, 10);
        await SubscribeAsync(RoomAdmin, TopicProgress, 10);
        await SubscribeAsync(implementer, TopicProgress, 10);

        var (id, _) = await DeliberatedTopicAsync();
        await ActAsync(supporter, id, "support", new { });
        await ActAsync(silent, id, "support", new { });
        await ActAsync(RoomAdmin, id, "support", new { });
        await PublishResolutionAsync(RoomAdmin, id);
        var withTask = await ActAsync(RoomAdmin, id, "tasks", new { title = "更换路灯", leadPerson = "李工", unit = Unit, dueOn = Today(14) });
        var taskId = withTask["tasks"]!.AsArray().Single()!["id"]!.GetValue<long>();
        await ActAsync(implementer, id, $"tasks/{taskId}/progress", new { progress = 100, note = "已更换完毕" });
        await ActAsync(RoomAdmin, id, "complete", new { result = "两盏路灯已更换。" });

        var progress = (await NoticesAsync()).Where(n => n.TemplateKey == TopicProgress).ToList();
        Assert.That(progress.Where(n => n.UserId == ResidentId).Select(n => n.Data["phrase2"]), Is.EqualTo(new[] { "听取意见中", "已商定", "待评价" }),
            "accept, the resolution and the completion; not research, the meeting, the minutes, the task or its progress");
        Assert.That(progress.Where(n => n.UserId == supporterId).Select(n => n.Data["phrase2"]), Is.EqualTo(new[] { "已商定", "待评价" }));
        Assert.That(progress.Select(n => n.UserId).Distinct(), Is.EquivalentTo(new[] { ResidentId, supporterId }),
            "not the room admin who acted (though a supporter), not the implementer, not a supporter without a credit");
        Assert.That(await CreditsAsync(silentId, TopicProgress), Is.Zero);
    }

    [Test]
    public async Task ANewTaskIsToldToTheImplementersOfItsUnitOverTheRoomOnly()
    {
        var implementer = await LoginWithRoleAsync("implementer", Roles.Implementer, "320812", Unit);
        var otherUnit = await LoginWithRoleAsync("other-unit", Roles.Implementer, "320812", "清江浦区城管局");
        var elsewhere = await LoginWithRoleAsync("elsewhere", Roles.Implementer, OtherCountyCode, Unit);
        foreach (var client in new[] { implementer, otherUnit, elsewhere })
        {
            await SubscribeAsync(client, TaskAssigned, 3);
        }

        var (id, _) = await DeliberatedTopicAsync();
        await PublishResolutionAsync(RoomAdmin, id);
        await ActAsync(RoomAdmin, id, "tasks", new { title = "更换三号楼前两盏损坏的路灯并全面检修小区线路", leadPerson = "李工", unit = Unit, dueOn = Today(14) });

        var notice = (await NoticesAsync()).Single();
        Assert.That(notice.UserId, Is.EqualTo(await UserIdAsync("implementer")));
        Assert.That(notice.TemplateKey, Is.EqualTo(TaskAssigned));
        Assert.That(notice.Data["thing1"], Is.EqualTo("更换三号楼前两盏损坏的路灯并全面检修小…"), "cut to 20 characters");
        Assert.That(notice.Data["thing3"], Is.EqualTo(Unit));
        Assert.That(notice.Data["date4"], Does.Match(@"^\d{4}年\d{1,2}月\d{1,2}日$"));
    }
}
