using System.Globalization;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Bench.Seed;

internal sealed class SeedMeeting
{
    public required long Id;
    public required int Round;
    public required string Mode;
    public required DateTime StartsAt, CreatedAt;
    public required string Convener;
    public required int Capacity, Signups;
    public string? Minutes;
    public DateTime? MinutesAt;
}

internal sealed class SeedTask
{
    public required long Id;
    public required int Round;
    public required string Title, Lead, Unit;
    public required DateOnly DueOn;
    public required DateTime CreatedAt;
    public DateTime UpdatedAt;
    public int Progress;
    public bool Written;
    public required (long Id, DateOnly Due)[] Milestones;
    public int MilestonesDone;
}

/// <summary>The steps that leave more than an event: classification, escalation, meetings, tasks, evaluations, the public's part.</summary>
public sealed partial class TopicLives
{
    private static readonly string[] TaskTitles = ["现场勘查并制定方案", "组织施工整改", "协调资金落实", "建立长效管理机制", "开展专项整治"];
    private static readonly string[] Parties = ["government", "cppcc_body", "cppcc_member", "notable", "deputy", "expert", "proposer"];
    private static readonly string[] Stances = ["support", "support", "suggestion", "doubt"];
    private readonly Queue<(int Task, int Progress)> _updates = new();
    private long _milestoneId;

    public void StartMilestoneIds(long milestoneBase) => _milestoneId = milestoneBase;

    private void Classify(Life life, DateTime t)
    {
        var klass = life.Status switch
        {
            TopicStatus.Escalated or TopicStatus.Implementing => "B",
            TopicStatus.Completed => rng.Next(100) < 85 ? "A" : "B",
            _ => "C",
        };
        life.Classification = klass;
        life.ClassNote = klass switch
        {
            "C" => "经研究，该事项超出本级办理能力，暂不具备实施条件，已向提出人说明。",
            "B" => "需持续跟踪落实情况。",
            _ => null,
        };
        var later = LocalDate.Of(t).AddDays(7);
        var next = LocalDate.Of(now).AddDays(rng.Next(-20, 90));
        life.NextReviewOn = klass == "B" ? (next > later ? next : later) : null;
        Event(life, ActionName.Classify, life.Status!, life.Room.Admin, Roles.RoomAdmin, Classes.Name(klass) + (life.ClassNote is null ? "" : "：" + life.ClassNote), t);
    }

    private void Escalate(Life life, DateTime t)
    {
        var kind = EscalationKinds.Names.Keys.ElementAt(rng.Next(EscalationKinds.Names.Count));
        var over = life.Room.Cppcc[0].Unit;
        life.EscalationKind = kind;
        life.EscalationTarget = kind switch { "npc_proposal" => over + "人大常委会", "cppcc_proposal" => over + "政协", _ => over + "政协社情民意信息室" };
        life.EscalationRef = rng.Next(2) == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{t.Year}-{rng.Next(1, 999):D3}");
        var cppcc = rng.Next(2) == 0;
        Event(life, ActionName.Escalate, TopicStatus.Escalated, cppcc ? life.Room.Cppcc[1] : life.Room.Admin, cppcc ? Roles.CppccMember : Roles.RoomAdmin,
            $"{EscalationKinds.Names[kind]}：{life.EscalationTarget}" + (life.EscalationRef is null ? "" : $"（{life.EscalationRef}）"), t);
    }

    private void Schedule(Life life, DateTime t, DateTime startsAt)
    {
        var u = rng.Next(100);
        var mode = u < 60 ? "offline" : u < 75 ? "online" : "hybrid";
        var capacity = 20 + rng.Next(41);
        var meeting = new SeedMeeting
        {
            Id = ++_meetingId, Round = life.Round, Mode = mode, StartsAt = startsAt, CreatedAt = t, Convener = SeedNames.Person(rng), Capacity = capacity,
            Signups = rng.Next(9),
        };
        var participants = rows["meeting_participants"];
        for (var n = 3 + rng.Next(4); n > 0; n--)
        {
            participants.Row().Num(meeting.Id).Null().Text(SeedNames.Person(rng)).Text(Parties[rng.Next(Parties.Length)])
                .Text(mode == "online" ? "online" : "offline").Time(t);
        }

        var signed = new HashSet<long>();
        var until = startsAt < now ? startsAt : now;
        while (signed.Count < meeting.Signups)
        {
            var resident = Resident();
            if (signed.Add(resident))
            {
                participants.Row().Num(meeting.Id).Num(resident).Text("居民").Text("resident").Text(mode == "online" || (mode == "hybrid" && rng.Next(2) == 0) ? "online" : "offline")
                    .Time(t + (until - t) * rng.NextDouble());
            }
        }

        life.Meeting = meeting;
        var place = mode == "online" ? null : life.Room.Name;
        Event(life, ActionName.ScheduleMeeting, TopicStatus.MeetingScheduled, life.Room.Admin, Roles.RoomAdmin,
            $"{MeetingEndpoints.ModeName(mode)}会议，{startsAt.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}" + (place is null ? "" : "，" + place), t);
    }

    private void WriteMeeting(Life life, SeedMeeting m)
    {
        var chain = life.Room.Region.Chain;
        rows["meetings"].Row().Num(m.Id).Num(life.Id).Num(m.Round).Num(life.Room.Id).Num(chain[0]).Num(chain[1]).Num(chain[2]).Num(chain[3])
            .Text(m.Mode).Time(m.StartsAt).Text(m.Mode == "online" ? null : life.Room.Name)
            .Text(m.Mode == "offline" ? null : string.Create(CultureInfo.InvariantCulture, $"https://meeting.tencent.com/dm/{m.Id:D10}"))
            .Text(m.Convener).Num(m.Capacity).Num(m.Signups).Text(m.Minutes).Time(m.MinutesAt).Time(m.CreatedAt);
        life.Meeting = null;
    }

    private SeedTask AddTask(Life life, DateTime t, List<string> steps, int i)
    {
        // Tasks still open are due around now, a minority already overdue: the due lists look like a working platform's.
        var due = steps.Skip(i).TakeWhile(s => s != ActionName.Reopen).Contains(ActionName.Complete, StringComparer.Ordinal)
            ? LocalDate.Of(t).AddDays(15 + rng.Next(106))
            : Later(LocalDate.Of(t).AddDays(7), LocalDate.Of(now).AddDays(rng.Next(-30, 120)));
        var milestones = Enumerable.Range(1, 1 + rng.Next(3)).Select(m => (++_milestoneId, LocalDate.Of(t).AddDays((due.DayNumber - LocalDate.Of(t).DayNumber) * m / 3))).ToArray();
        var implementer = life.Room.Implementers[rng.Next(life.Room.Implementers.Length)];
        var task = new SeedTask
        {
            Id = ++_taskId, Round = life.Round, Title = TaskTitles[rng.Next(TaskTitles.Length)], Lead = SeedNames.Person(rng), Unit = implementer.Unit,
            DueOn = due, CreatedAt = t, UpdatedAt = t, Milestones = milestones,
        };
        life.Tasks.Add(task);
        if (i + 1 < steps.Count && steps[i + 1] == ActionName.AddTask)
        {
            return task;
        }

        // The round's last task: plan its progress reports. A round that completes brings every task to 100%.
        var round = life.Tasks.Where(k => k.Round == life.Round).ToList();
        var count = steps.Skip(i + 1).TakeWhile(s => s == ActionName.UpdateProgress).Count();
        var completing = steps.Skip(i + 1 + count).FirstOrDefault() == ActionName.Complete;
        var progress = new int[round.Count];
        for (var j = 0; j < count; j++)
        {
            var k = j % round.Count;
            var last = j + round.Count >= count;
            progress[k] = last && (completing || rng.Next(10) < 3) ? 100 : Math.Min(95, progress[k] + 10 + rng.Next(50));
            _updates.Enqueue((life.Tasks.Count - round.Count + k, progress[k]));
        }

        return task;
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private void Progress(Life life, DateTime t)
    {
        var (index, progress) = _updates.Dequeue();
        var task = life.Tasks[index];
        (task.Progress, task.UpdatedAt) = (progress, t);
        var implementer = life.Room.Implementers.First(s => s.Unit == task.Unit);
        var note = SeedNames.ProgressNotes[Math.Min(SeedNames.ProgressNotes.Length - 1, progress * SeedNames.ProgressNotes.Length / 101)];
        rows["task_updates"].Row().Num(task.Id).Num(progress).Text(note).Num(implementer.UserId).Time(t);
        var done = task.Milestones.Length * progress / 100;
        for (; task.MilestonesDone < done; task.MilestonesDone++)
        {
            rows["task_milestones"].Row().Num(task.Milestones[task.MilestonesDone].Id).Num(task.Id).Text($"阶段{task.MilestonesDone + 1}")
                .Date(task.Milestones[task.MilestonesDone].Due).Time(t);
        }

        Event(life, ActionName.UpdateProgress, TopicStatus.Implementing, implementer, Roles.Implementer, $"进度 {progress}%：{note}", t);
    }

    private void WriteTasks(Life life)
    {
        foreach (var task in life.Tasks.Where(k => !k.Written))
        {
            rows["tasks"].Row().Num(task.Id).Num(life.Id).Num(task.Round).Text(task.Title).Text(task.Lead).Text(task.Unit).Date(task.DueOn)
                .Num(task.Progress).Time(task.CreatedAt).Time(task.UpdatedAt);
            for (var m = task.MilestonesDone; m < task.Milestones.Length; m++)
            {
                rows["task_milestones"].Row().Num(task.Milestones[m].Id).Num(task.Id).Text($"阶段{m + 1}").Date(task.Milestones[m].Due).Null();
            }

            task.Written = true;
        }
    }

    private void Evaluate(Life life, long proposer, bool proposerMayEvaluate, DateTime t)
    {
        var isProposer = proposerMayEvaluate && !life.Evaluators.Contains(proposer) && rng.Next(10) < 7;
        var user = isProposer ? proposer : Resident();
        if (!life.Evaluators.Add(user))
        {
            return;
        }

        var solved = rng.Next(100) < 82;
        var satisfied = solved ? rng.Next(100) < 93 : rng.Next(100) < 20;
        rows["evaluations"].Row().Num(life.Id).Num(life.Round).Num(user).Bool(isProposer).Bool(solved).Bool(satisfied)
            .Text(rng.Next(10) < 4 ? (satisfied ? "办得好，谢谢！" : "还需要再跟进。") : null).Text("visible").Time(t);
    }

    /// <summary>The public's comments and supports while the topic is announced and after, counted on the topic.</summary>
    private void Public(Life life, DateTime from, DateTime to)
    {
        var span = (to - from).TotalSeconds;
        var comments = (int)Math.Min(30, -Math.Log(1 - rng.NextDouble()) * 1.5);
        foreach (var at in Enumerable.Range(0, comments).Select(_ => from.AddSeconds(rng.NextDouble() * span)).Order())
        {
            rows["topic_comments"].Row().Num(life.Id).Num(Resident()).Text(Stances[rng.Next(Stances.Length)])
                .Text(SeedNames.CommentBodies[rng.Next(SeedNames.CommentBodies.Length)]).Text("visible").Time(at);
        }

        var supporters = new HashSet<long>();
        for (var n = (int)Math.Min(60, -Math.Log(1 - rng.NextDouble()) * 4); supporters.Count < n;)
        {
            var resident = Resident();
            if (supporters.Add(resident))
            {
                rows["topic_supports"].Row().Num(life.Id).Num(resident).Time(from.AddSeconds(rng.NextDouble() * span));
            }
        }

        (life.Comments, life.Supports) = (comments, supporters.Count);
    }
}
