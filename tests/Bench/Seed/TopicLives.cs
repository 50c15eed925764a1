using System.Globalization;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Bench.Seed;

/// <summary>
/// Writes one topic's whole life as the API would have left it: the topic row in its final state, one timeline event per
/// step (<see cref="TopicPaths"/>) with the actor the workflow allows, and what the steps made — research reports,
/// meetings with participants and minutes, tasks with milestones and progress updates, evaluations — plus the public's
/// comments and supports, with the topic's counters equal to them and receipt numbers from the room's yearly sequence.
/// </summary>
public sealed partial class TopicLives(Random rng, BulkRows rows, ProvincePlaces places, DateTime now, long[] categoryIds, (long Id, string Title)[] criteria)
{
    public Dictionary<(long RoomId, int Year), int> Sequences { get; } = [];

    private readonly Dictionary<long, long> _lastAccepted = [];
    private readonly double[] _roomWeights = CumulativeWeights(rng, places.Rooms);
    private long _meetingId, _taskId;

    public void StartIds(long meetingBase, long taskBase) => (_meetingId, _taskId) = (meetingBase, taskBase);

    private sealed class Life
    {
        public required long Id;
        public required SeedRoom Room;
        public required string Title;
        public string? Status;
        public int Round = 1, Version, Comments, Supports;
        public DateTime? ReviewedAt;
        public DateOnly? AnnouncementEndsOn, NextReviewOn, ResolutionDeadline;
        public string? Classification, ClassNote, RejectionReason, ReferralTarget, ReferralRef, EscalationKind, EscalationTarget, EscalationRef, ResolutionText, ResultText;
        public long? MergedInto, CriterionId;
        public SeedMeeting? Meeting;
        public List<SeedTask> Tasks = [];
        public HashSet<long> Evaluators = [];
    }

    public void Write(long id, DateTime submitted, string final)
    {
        var room = PickRoom();
        var category = rng.Next(categoryIds.Length);
        var titles = SeedNames.Titles[Math.Min(category, SeedNames.Titles.Length - 1)];
        var life = new Life { Id = id, Room = room, Title = titles[rng.Next(titles.Length)] };
        var location = SeedNames.Places[rng.Next(SeedNames.Places.Length)];
        if (final == TopicStatus.Merged && !_lastAccepted.ContainsKey(room.Id))
        {
            final = TopicStatus.Rejected; // nothing earlier in the room to merge into
        }

        var byVolunteer = rng.Next(100) < 15;
        var anonymous = byVolunteer || rng.Next(100) < 35;
        var proposer = byVolunteer ? room.Volunteer.UserId : Resident();
        var tasks = 1 + (rng.Next(10) < 3 ? 1 : 0) + (rng.Next(10) == 0 ? 1 : 0);
        var steps = TopicPaths.Steps(rng, final, tasks);
        var times = TopicPaths.Times(rng, steps.Count, submitted, now);
        var updatedAt = submitted;
        for (var i = 0; i < steps.Count; i++)
        {
            var (step, t) = (steps[i], times[i]);
            if (step == ActionName.Submit)
            {
                Event(life, step, TopicStatus.Submitted, proposer, byVolunteer ? Roles.Volunteer : "resident", null, null, t);
                continue;
            }

            if (step == ActionName.Evaluate)
            {
                Evaluate(life, proposer, !byVolunteer, t);
                continue;
            }

            Step(life, step, t, steps, i, times);
            updatedAt = t;
        }

        if (life.ReviewedAt is { } reviewed && final is not (TopicStatus.Rejected or TopicStatus.Referred or TopicStatus.Merged))
        {
            _lastAccepted[room.Id] = id;
            Public(life, reviewed, final is TopicStatus.Closed or TopicStatus.Escalated ? updatedAt : now);
        }

        if (life.Meeting is { } pending)
        {
            WriteMeeting(life, pending);
        }

        WriteTasks(life);

        var year = submitted.Year;
        var seq = Sequences[(room.Id, year)] = Sequences.GetValueOrDefault((room.Id, year)) + 1;
        var chain = room.Region.Chain;
        rows["topics"].Row().Num(id).Text(string.Create(CultureInfo.InvariantCulture, $"{year}-{room.Scene}-{seq:D4}")).Num(room.Id)
            .Num(chain[0]).Num(chain[1]).Num(chain[2]).Num(chain[3]).Text(life.Title)
            .Text($"{room.Region.Name}{location}：{life.Title}，希望有关部门尽快协调解决。").Num(categoryIds[category]).Text(location)
            .Num(proposer).Bool(anonymous).Text(anonymous ? null : SeedNames.Person(rng)).Text(byVolunteer ? "volunteer" : "resident")
            .Text(life.Status).Text("visible").Num(life.Round).Num(life.Version)
            .Text(life.Classification).Text(life.ClassNote).Date(life.NextReviewOn).Date(life.AnnouncementEndsOn)
            .Num(life.MergedInto).Num(life.CriterionId).Text(life.RejectionReason).Text(life.ReferralTarget).Text(life.ReferralRef)
            .Text(life.EscalationKind).Text(life.EscalationTarget).Text(life.EscalationRef)
            .Text(life.ResolutionText).Date(life.ResolutionDeadline).Text(life.ResultText)
            .Num(life.Supports).Num(life.Comments).Time(submitted).Time(life.ReviewedAt).Time(updatedAt);
    }

    private void Step(Life life, string step, DateTime t, List<string> steps, int i, DateTime[] times)
    {
        var room = life.Room;
        var admin = room.Admin;
        switch (step)
        {
            case ActionName.Accept:
                life.ReviewedAt = t;
                life.AnnouncementEndsOn = LocalDate.Of(t).AddDays(7);
                Event(life, step, TopicStatus.Announced, room.Reviewer, Roles.Reviewer, rng.Next(2) == 0 ? null : "符合“五议”范围，予以受理并公示。", t);
                break;
            case ActionName.Reject:
                var criterion = criteria[rng.Next(criteria.Length)];
                (life.ReviewedAt, life.CriterionId) = (t, criterion.Id);
                life.RejectionReason = $"经审查，该事项属于“{criterion.Title}”，不纳入协商议题，可通过其他渠道反映。";
                Event(life, step, TopicStatus.Rejected, room.Reviewer, Roles.Reviewer, life.RejectionReason, t);
                break;
            case ActionName.Refer:
                life.ReviewedAt = t;
                life.ReferralTarget = rng.Next(2) == 0 ? "12345政务服务热线" : room.Implementers[rng.Next(room.Implementers.Length)].Unit;
                life.ReferralRef = string.Create(CultureInfo.InvariantCulture, $"GD{LocalDate.Of(t):yyyyMMdd}{rng.Next(10000, 99999)}");
                Event(life, step, TopicStatus.Referred, room.Reviewer, Roles.Reviewer, "属于个人诉求，转职能部门直接办理。", t);
                break;
            case ActionName.Merge:
                (life.ReviewedAt, life.MergedInto) = (t, _lastAccepted[room.Id]);
                Event(life, step, TopicStatus.Merged, room.Reviewer, Roles.Reviewer, "与本议事室已受理的同类议题合并办理。", t);
                break;
            case ActionName.Classify:
                Classify(life, t);
                break;
            case ActionName.StartResearch or ActionName.AddReport:
                var cppcc = rng.Next(2) == 0;
                var actor = cppcc ? room.Cppcc[rng.Next(room.Cppcc.Length)] : admin;
                var role = cppcc ? Roles.CppccMember : Roles.RoomAdmin;
                if (step == ActionName.StartResearch)
                {
                    Event(life, step, TopicStatus.Researching, actor, role, "组织实地走访调研，听取各方意见。", t);
                    break;
                }

                var title = $"关于“{life.Title}”的调研报告";
                rows["research_reports"].Row().Num(life.Id).Num(life.Round).Text(title).Text($"调研组走访了{room.Region.Name}，听取了居民、物业和相关部门的意见，建议分步推进。")
                    .Text(role).Text(actor.Unit).Num(actor.UserId).Time(t);
                Event(life, step, TopicStatus.Researching, actor, role, $"《{title}》", t);
                break;
            case ActionName.ScheduleMeeting:
                var held = i + 1 < steps.Count && steps[i + 1] == ActionName.RecordMinutes;
                Schedule(life, t, held ? t + (times[i + 1] - t) * 0.7 : now.Date.AddDays(1 + rng.Next(14)).AddHours(11));
                break;
            case ActionName.RecordMinutes:
                var meeting = life.Meeting!;
                (meeting.Minutes, meeting.MinutesAt) = ($"会议围绕“{life.Title}”充分协商，各方形成共识：由相关单位牵头落实，议事室跟踪监督。", t);
                WriteMeeting(life, meeting);
                Event(life, step, TopicStatus.Deliberated, admin, Roles.RoomAdmin, null, t);
                break;
            case ActionName.PublishResolution:
                life.ResolutionDeadline = LocalDate.Of(t).AddDays(30 + rng.Next(61));
                life.ResolutionText = $"经协商议定：{life.Title}一事由相关单位牵头办理，于{life.ResolutionDeadline:yyyy年M月d日}前落实到位。";
                Event(life, step, TopicStatus.ResolutionPublished, admin, Roles.RoomAdmin,
                    string.Create(CultureInfo.InvariantCulture, $"落实期限：{life.ResolutionDeadline:yyyy-MM-dd}"), t);
                break;
            case ActionName.AddTask:
                var task = AddTask(life, t, steps, i);
                Event(life, step, TopicStatus.Implementing, admin, Roles.RoomAdmin, $"{task.Title}（{task.Unit}，牵头人 {task.Lead}）", t);
                break;
            case ActionName.UpdateProgress:
                Progress(life, t);
                break;
            case ActionName.Complete:
                life.ResultText = $"{life.Title}一事已办理完毕，经现场查看，问题已解决。";
                WriteTasks(life);
                Event(life, step, TopicStatus.Completed, admin, Roles.RoomAdmin, life.ResultText, t);
                break;
            case ActionName.Close:
                Event(life, step, TopicStatus.Closed, admin, Roles.RoomAdmin, rng.Next(2) == 0 ? null : "已办结。", t);
                break;
            case ActionName.Reopen:
                (life.Round, life.ResultText) = (life.Round + 1, null);
                life.Evaluators.Clear();
                Event(life, step, TopicStatus.Reopened, admin, Roles.RoomAdmin, "群众评价问题未彻底解决，重新组织协商。", t);
                break;
            case ActionName.Escalate:
                Escalate(life, t);
                break;
            default:
                throw new InvalidOperationException("unknown step " + step);
        }
    }

    private void Event(Life life, string action, string to, SeedStaff staff, string role, string? note, DateTime at) =>
        Event(life, action, to, staff.UserId, role, role == "resident" ? null : staff.Unit, note, at);

    private void Event(Life life, string action, string to, long? userId, string role, string? unit, string? note, DateTime at)
    {
        rows["topic_events"].Row().Num(life.Id).Num(life.Round).Text(action).Text(life.Status).Text(to)
            .Num(userId).Text(role).Text(unit).Text(note).Time(at);
        (life.Status, life.Version) = (to, life.Version + 1);
    }

    private long Resident() => places.ResidentFirstId + rng.Next(places.Residents);

    private SeedRoom PickRoom()
    {
        var index = Array.BinarySearch(_roomWeights, rng.NextDouble() * _roomWeights[^1]);
        return places.Rooms[Math.Min(index < 0 ? ~index : index, places.Rooms.Count - 1)];
    }

    /// <summary>Busier and quieter rooms; rooms above village level serve more people.</summary>
    private static double[] CumulativeWeights(Random rng, List<SeedRoom> rooms)
    {
        var sum = 0.0;
        return [.. rooms.Select(r => sum += (0.3 + rng.NextDouble() * 1.7) * (5 - r.Region.Level))];
    }
}
