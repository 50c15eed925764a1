using System.Globalization;
using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>
/// The columns of the rollup tables (V3_2__statistics.sql) and THE definition of what one topic, one evaluation and one
/// meeting contribute to them, as SQL select lists. The incremental path (<see cref="StatisticsRollup"/>) and the rebuild
/// (<see cref="StatisticsRebuild"/>) both use these same expressions, so they cannot disagree on a definition; a topic
/// change adds its difference from <see cref="TopicCounts"/>, the topic's definition in C#, held equal to the SQL by tests.
/// All SQL here is built from the constants below, never from input.
/// </summary>
public static class StatColumns
{
    /// <summary>Response-time buckets: a review within this many hours of submission (and more than the bound before).</summary>
    public static readonly int[] ResponseBoundsHours = [1, 2, 4, 8, 24, 48, 72, 168, 336, 720];

    public static readonly string[] Statuses =
    [
        TopicStatus.Submitted, TopicStatus.Rejected, TopicStatus.Referred, TopicStatus.Merged, TopicStatus.Announced, TopicStatus.Researching,
        TopicStatus.Reopened, TopicStatus.Escalated, TopicStatus.MeetingScheduled, TopicStatus.Deliberated, TopicStatus.ResolutionPublished,
        TopicStatus.Implementing, TopicStatus.Completed, TopicStatus.Closed,
    ];

    public static readonly string[] ResponseBuckets = [.. ResponseBoundsHours.Select(h => $"resp_{h}h"), "resp_over"];

    /// <summary>Dated by the topic's submission day; they describe the topics submitted that day as they stand now.</summary>
    public static readonly string[] Cohort =
    [
        "submitted", "reviewed", "response_seconds", .. ResponseBuckets, "accepted", .. Statuses.Select(s => "s_" + s), "class_a", "class_b", "class_c", "closed_a",
    ];

    /// <summary>Dated by the day the evaluation was given, the minutes recorded or the doubt first answered.</summary>
    public static readonly string[] Events = ["evaluations", "satisfied", "solved", "proposer_evaluations", "proposer_satisfied", "meetings_held", "doubts_answered"];

    public static readonly string[] All = [.. Cohort, .. Events];

    public static readonly IReadOnlyDictionary<string, int> Index = All.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);

    /// <summary>Beijing date of a UTC DATETIME column (China: UTC+8, no daylight saving).</summary>
    public static string BeijingDay(string column) => $"DATE({column} + INTERVAL 8 HOUR)";

    /// <summary>
    /// One topic's contribution, over a row source with columns <c>status, classification, reviewed_at, submitted_at</c>.
    /// Response time is submission → first review decision (accept, reject, refer, merge: the one moment reviewed_at is set).
    /// "Accepted" is reviewed and not turned away (rejected, referred, merged): every later status follows an accept.
    /// </summary>
    public static readonly string TopicSelect = TopicSelectOver(ResponseSeconds);

    /// <summary>The seconds from submission to the first review decision (NULL until reviewed).</summary>
    private const string ResponseSeconds = "TIMESTAMPDIFF(SECOND, submitted_at, reviewed_at)";

    /// <summary>
    /// <see cref="TopicSelect"/> over a row source that has <see cref="ResponseSeconds"/> in a column of its own,
    /// <paramref name="responseSeconds"/>: computed once, not once per response bucket.
    /// </summary>
    public static string TopicSelectOver(string responseSeconds) => Select(new Dictionary<string, string>(
        Statuses.Select(s => KeyValuePair.Create("s_" + s, $"status = '{s}'"))
            .Concat(ResponseBuckets.Select((bucket, i) => KeyValuePair.Create(bucket, Bucket(i, responseSeconds)))))
    {
        ["submitted"] = "1",
        ["reviewed"] = "reviewed_at IS NOT NULL",
        ["response_seconds"] = $"COALESCE({responseSeconds}, 0)",
        ["accepted"] = $"reviewed_at IS NOT NULL AND status NOT IN ('{TopicStatus.Rejected}', '{TopicStatus.Referred}', '{TopicStatus.Merged}')",
        ["class_a"] = "classification = 'A'",
        ["class_b"] = "classification = 'B'",
        ["class_c"] = "classification = 'C'",
        ["closed_a"] = $"status = '{TopicStatus.Closed}' AND classification = 'A'",
    });

    /// <summary>
    /// <see cref="TopicSelect"/>'s columns for one topic a change knows (every column in <see cref="All"/>'s order; the
    /// events' are 0): the same definition, in C#, so that a change adds its difference with plain values instead of
    /// sending the definition's text (TopicCountsTests holds the two equal over every status, class and bucket bound).
    /// </summary>
    public static long[] TopicCounts(CountedFacts topic, DateTime submittedAt)
    {
        var counts = new long[All.Length];
        void Count(string column, long value = 1) => counts[Index[column]] = value;
        Count("submitted");
        if (Statuses.Contains(topic.Status))
        {
            Count("s_" + topic.Status);
        }

        if (topic.ReviewedAt is { } reviewedAt)
        {
            // TIMESTAMPDIFF(SECOND, …): whole seconds, cut toward zero.
            var seconds = (reviewedAt - submittedAt).Ticks / TimeSpan.TicksPerSecond;
            Count("reviewed");
            Count("response_seconds", seconds);
            if (seconds >= 0)
            {
                var bucket = Array.FindIndex(ResponseBoundsHours, hours => seconds <= hours * 3600L);
                Count(ResponseBuckets[bucket < 0 ? ResponseBoundsHours.Length : bucket]);
            }

            if (topic.Status is not (TopicStatus.Rejected or TopicStatus.Referred or TopicStatus.Merged))
            {
                Count("accepted");
            }
        }

        if (topic.Classification is "A" or "B" or "C")
        {
            Count("class_" + topic.Classification.ToLowerInvariant());
            if (topic.Classification == "A" && topic.Status == TopicStatus.Closed)
            {
                Count("closed_a");
            }
        }

        return counts;
    }

    /// <summary>One evaluation, over an evaluations row aliased <c>e</c>. Every evaluation counts, the proposer's and the public's.</summary>
    public static readonly Contribution Evaluation = new(new Dictionary<string, string>
    {
        ["evaluations"] = "1",
        ["satisfied"] = "e.satisfied",
        ["solved"] = "e.solved",
        ["proposer_evaluations"] = "e.is_proposer",
        ["proposer_satisfied"] = "e.is_proposer AND e.satisfied",
    });

    /// <summary>One meeting held: its minutes were recorded.</summary>
    public static readonly Contribution Meeting = new(new Dictionary<string, string> { ["meetings_held"] = "1" });

    /// <summary>
    /// One doubt answered, over a topic_comments row aliased <c>c</c> that <see cref="AnsweredDoubt"/> selects, dated by its
    /// first answer (answered_at): a correction does not count again, and a doubt hidden later stays counted.
    /// </summary>
    public static readonly Contribution Answer = new(new Dictionary<string, string> { ["doubts_answered"] = "1" });

    /// <summary>
    /// What one event row adds to the rollups: a few columns, each 0 or 1. <see cref="Select"/> has every column (the
    /// rebuild unions it with the topics' contributions); <see cref="Columns"/> and <see cref="OwnSelect"/> only the
    /// event's own, for the rollup of a single event: a sixth of the statement's text to parse (docs/benchmarks.md).
    /// </summary>
    public sealed class Contribution(Dictionary<string, string> expressions)
    {
        public string Select { get; } = StatColumns.Select(expressions);

        /// <summary>The columns the event adds to, in the tables' order.</summary>
        public string[] Columns { get; } = [.. All.Where(expressions.ContainsKey)];

        public string OwnSelect => string.Join(", ", Columns.Select(c => Column(c, expressions[c])));
    }

    /// <summary>The comments <see cref="Answer"/> counts: doubts that have been answered.</summary>
    public const string AnsweredDoubt = "c.stance = 'doubt' AND c.answered_at IS NOT NULL";

    /// <summary><c>SUM(col) AS col</c> for every column, in order.</summary>
    public static readonly string Sums = string.Join(", ", All.Select(c => $"SUM({c}) AS {c}"));

    public static readonly string List = string.Join(", ", All);

    private static string Bucket(int i, string seconds)
    {
        var lower = i == 0 ? -1 : ResponseBoundsHours[i - 1] * 3600L;
        var upper = i < ResponseBoundsHours.Length ? $" AND {seconds} <= {ResponseBoundsHours[i] * 3600L}" : "";
        return string.Create(CultureInfo.InvariantCulture, $"reviewed_at IS NOT NULL AND {seconds} > {lower}{upper}");
    }

    /// <summary>Every column in order, as <c>CAST(expr AS SIGNED) AS col</c>, 0 where the source contributes nothing.</summary>
    private static string Select(Dictionary<string, string> expressions) =>
        string.Join(", ", All.Select(c => expressions.TryGetValue(c, out var e) ? Column(c, e) : $"CAST(0 AS SIGNED) AS {c}"));

    private static string Column(string column, string expression) => $"CAST(COALESCE({expression}, 0) AS SIGNED) AS {column}";
}
