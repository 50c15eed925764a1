using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>The headline figures of one region (or one child region) for a period. Rates are fractions 0–1, null when nothing to divide by.</summary>
public sealed record Figures(
    long Submitted, long Reviewed, double? ResponseRate, double? AverageResponseHours, int? MedianResponseHours, int? P90ResponseHours,
    long Accepted, long Closed, long ClosedA, double? ResolutionRate, long ClassA, long ClassB, long ClassC,
    long Evaluations, long Satisfied, double? SatisfactionRate, long ProposerEvaluations, long ProposerSatisfied, double? ProposerSatisfactionRate,
    long MeetingsHeld, long OverdueTasks, IReadOnlyList<StageCount> ByStage, long DoubtsAnswered);

public sealed record StageCount(int Stage, string Name, long Count);

public sealed record StatusCount(string Status, string Name, int Stage, long Count);

public sealed record CategoryFigures(long CategoryId, string Name, long Submitted, long Accepted, long ClosedA, double? ResolutionRate, long Evaluations, long Satisfied);

public sealed record ChildFigures(long Id, string Code, string Name, int Level, string LevelName, Figures Figures);

public sealed record StatisticsReport(
    RegionRef Region, DateOnly From, DateOnly To, DateOnly AsOf, Figures Totals, IReadOnlyList<StatusCount> ByStatus,
    IReadOnlyList<CategoryFigures> ByCategory, IReadOnlyList<ChildFigures> Children);

/// <summary>Turns summed rollup columns into the published figures (definitions in the README, "Statistics").</summary>
public static class FigureMath
{
    public static long Get(long[] sums, string column) => sums[StatColumns.Index[column]];

    public static Figures From(long[] sums, long overdueTasks)
    {
        long V(string c) => Get(sums, c);
        var reviewed = V("reviewed");
        return new Figures(
            V("submitted"), reviewed, Rate(reviewed, V("submitted")),
            reviewed == 0 ? null : Math.Round(V("response_seconds") / 3600.0 / reviewed, 1),
            Percentile(sums, reviewed, 0.5), Percentile(sums, reviewed, 0.9),
            V("accepted"), V("s_closed"), V("closed_a"), Rate(V("closed_a"), V("accepted")), V("class_a"), V("class_b"), V("class_c"),
            V("evaluations"), V("satisfied"), Rate(V("satisfied"), V("evaluations")),
            V("proposer_evaluations"), V("proposer_satisfied"), Rate(V("proposer_satisfied"), V("proposer_evaluations")),
            V("meetings_held"), overdueTasks,
            [.. Enumerable.Range(1, 4).Select(stage => new StageCount(stage, TopicStatus.StageNames[stage],
                StatColumns.Statuses.Where(s => TopicStatus.Stage(s) == stage).Sum(s => V("s_" + s))))],
            V("doubts_answered"));
    }

    public static IReadOnlyList<StatusCount> ByStatus(long[] sums) =>
        [.. StatColumns.Statuses.Select(s => new StatusCount(s, TopicStatus.Name(s), TopicStatus.Stage(s), Get(sums, "s_" + s)))];

    public static CategoryFigures Category(long id, string name, long[] sums) => new(
        id, name, Get(sums, "submitted"), Get(sums, "accepted"), Get(sums, "closed_a"), Rate(Get(sums, "closed_a"), Get(sums, "accepted")),
        Get(sums, "evaluations"), Get(sums, "satisfied"));

    public static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    /// <summary>
    /// The response-time bucket bound (hours) within which the share <paramref name="q"/> of reviewed topics got their
    /// decision: "half were reviewed within 24 hours". Null when there is none, or when it lies beyond the last bound (720 h).
    /// </summary>
    private static int? Percentile(long[] sums, long reviewed, double q)
    {
        if (reviewed == 0)
        {
            return null;
        }

        var needed = (long)Math.Ceiling(q * reviewed);
        long seen = 0;
        for (var i = 0; i < StatColumns.ResponseBoundsHours.Length; i++)
        {
            seen += Get(sums, StatColumns.ResponseBuckets[i]);
            if (seen >= needed)
            {
                return StatColumns.ResponseBoundsHours[i];
            }
        }

        return null;
    }

    /// <summary>The sum of <paramref name="parts"/>, added into one new array.</summary>
    public static long[] Total(IEnumerable<long[]> parts)
    {
        var total = Zero();
        foreach (var part in parts)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += part[i];
            }
        }

        return total;
    }

    public static long[] Zero() => new long[StatColumns.All.Length];
}
