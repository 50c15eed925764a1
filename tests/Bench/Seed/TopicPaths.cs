using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Bench.Seed;

/// <summary>
/// Where each seeded topic ends up and the steps that take it there, in the order the workflow allows
/// (<see cref="Workflow"/>): a status mix like a platform a few years in — most topics closed or in implementation,
/// a backlog awaiting review, the rest spread over every other stage — and steps with times between submission and now.
/// "evaluate" is a pseudo-step (an evaluation, no timeline event).
/// </summary>
public static class TopicPaths
{
    /// <summary>Final status, share in percent, and how many days back its topics may have been submitted (min, max).</summary>
    public static readonly (string Status, double Percent, int MinDays, int MaxDays)[] Mix =
    [
        (TopicStatus.Closed, 45, 20, 1095),
        (TopicStatus.Implementing, 12, 10, 365),
        (TopicStatus.Rejected, 8, 1, 1095),
        (TopicStatus.Referred, 7, 1, 1095),
        (TopicStatus.Submitted, 5.5, 0, 45),
        (TopicStatus.Announced, 4, 1, 60),
        (TopicStatus.Completed, 4, 10, 180),
        (TopicStatus.Escalated, 3, 5, 1095),
        (TopicStatus.Researching, 2.5, 2, 120),
        (TopicStatus.MeetingScheduled, 2.5, 3, 120),
        (TopicStatus.Merged, 2, 1, 1095),
        (TopicStatus.ResolutionPublished, 2, 5, 180),
        (TopicStatus.Deliberated, 1.5, 4, 150),
        (TopicStatus.Reopened, 1, 15, 240),
    ];

    /// <summary>The final statuses and submission times of <paramref name="count"/> topics, oldest first.</summary>
    public static (DateTime SubmittedAt, byte Status)[] Plan(Random rng, int count, DateTime now)
    {
        var plan = new (DateTime, byte)[count];
        var total = Mix.Sum(m => m.Percent);
        for (var i = 0; i < count; i++)
        {
            var u = rng.NextDouble() * total;
            var s = 0;
            while (s < Mix.Length - 1 && (u -= Mix[s].Percent) > 0)
            {
                s++;
            }

            // The younger the more: the platform grows, so recent days see more topics.
            var (_, _, min, max) = Mix[s];
            var days = min + (max - min) * Math.Pow(rng.NextDouble(), 1.25);
            plan[i] = (now.AddSeconds(-days * 86400 - 60 - rng.Next(3600)), (byte)s);
        }

        Array.Sort(plan, (a, b) => a.Item1.CompareTo(b.Item1));
        return plan;
    }

    /// <summary>The steps to <paramref name="final"/>, starting with "submit". <paramref name="tasks"/> is tasks per round.</summary>
    public static List<string> Steps(Random rng, string final, int tasks)
    {
        var steps = new List<string> { ActionName.Submit };
        switch (final)
        {
            case TopicStatus.Submitted:
                return steps;
            case TopicStatus.Rejected or TopicStatus.Referred or TopicStatus.Merged:
                steps.Add(final switch { TopicStatus.Rejected => ActionName.Reject, TopicStatus.Referred => ActionName.Refer, _ => ActionName.Merge });
                return steps;
        }

        steps.Add(ActionName.Accept);
        switch (final)
        {
            case TopicStatus.Announced:
                break;
            case TopicStatus.Researching:
                Research(rng, steps, true);
                break;
            case TopicStatus.Escalated:
                Research(rng, steps, false);
                if (rng.Next(3) == 0)
                {
                    steps.AddRange([ActionName.ScheduleMeeting, ActionName.RecordMinutes]);
                }

                steps.Add(ActionName.Escalate);
                if (rng.Next(5) < 2)
                {
                    steps.Add(ActionName.Classify);
                }

                break;
            case TopicStatus.Closed when rng.Next(100) < 12:
                // Not handled (C): classified with the reason the proposer reads, then closed before any decision.
                Research(rng, steps, false);
                steps.AddRange([ActionName.Classify, ActionName.Close]);
                break;
            case TopicStatus.Reopened:
                Round(rng, steps, TopicStatus.Completed, tasks);
                Evaluations(rng, steps);
                steps.Add(ActionName.Reopen);
                break;
            default:
                if (final is TopicStatus.Closed or TopicStatus.Implementing && rng.Next(100) < 5)
                {
                    Round(rng, steps, TopicStatus.Completed, tasks);
                    Evaluations(rng, steps);
                    steps.Add(ActionName.Reopen);
                }

                Round(rng, steps, final, tasks);
                if (final == TopicStatus.Closed)
                {
                    Evaluations(rng, steps);
                    steps.AddRange([ActionName.Classify, ActionName.Close]);
                }
                else if (final == TopicStatus.Completed)
                {
                    Evaluations(rng, steps);
                }

                break;
        }

        return steps;
    }

    private static void Research(Random rng, List<string> steps, bool always)
    {
        if (always || rng.Next(100) < 35)
        {
            steps.Add(ActionName.StartResearch);
            for (var n = rng.Next(always ? 0 : 1, 3); n > 0; n--)
            {
                steps.Add(ActionName.AddReport);
            }
        }
    }

    /// <summary>One round of deliberation up to <paramref name="target"/> (from accepted or reopened).</summary>
    private static void Round(Random rng, List<string> steps, string target, int tasks)
    {
        Research(rng, steps, false);
        foreach (var (step, status) in new[]
                 {
                     (ActionName.ScheduleMeeting, TopicStatus.MeetingScheduled), (ActionName.RecordMinutes, TopicStatus.Deliberated),
                     (ActionName.PublishResolution, TopicStatus.ResolutionPublished),
                 })
        {
            steps.Add(step);
            if (target == status)
            {
                return;
            }
        }

        for (var k = 0; k < tasks; k++)
        {
            steps.Add(ActionName.AddTask);
        }

        var done = target != TopicStatus.Implementing;
        var updates = done ? tasks + rng.Next(tasks + 1) : rng.Next(tasks * 2 + 1);
        for (var u = 0; u < updates; u++)
        {
            steps.Add(ActionName.UpdateProgress);
        }

        if (target == TopicStatus.Implementing)
        {
            if (rng.Next(4) == 0)
            {
                steps.Add(ActionName.Classify);
            }

            return;
        }

        steps.Add(ActionName.Complete);
    }

    private static void Evaluations(Random rng, List<string> steps)
    {
        for (var n = rng.Next(5); n > 0; n--)
        {
            steps.Add(ActionName.Evaluate);
        }
    }

    /// <summary>Times for the steps: review after a realistic response time, the rest spread up to now, in order.</summary>
    public static DateTime[] Times(Random rng, int steps, DateTime submitted, DateTime now)
    {
        var times = new DateTime[steps];
        times[0] = submitted;
        if (steps == 1)
        {
            return times;
        }

        var available = (now - submitted).TotalHours - 0.05;
        var response = Math.Clamp(Math.Exp(Math.Log(14) + 1.3 * Normal(rng)), 0.05, Math.Max(0.05, available * 0.3));
        times[1] = submitted.AddHours(response);
        var span = Math.Min(available - response, (steps - 2) * (2 + rng.NextDouble() * 10) * 24);
        var offsets = Enumerable.Range(2, steps - 2).Select(_ => rng.NextDouble() * span).Order().ToArray();
        for (var i = 2; i < steps; i++)
        {
            times[i] = times[1].AddHours(Math.Max(offsets[i - 2], (i - 1) / 60.0));
        }

        return times;
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
