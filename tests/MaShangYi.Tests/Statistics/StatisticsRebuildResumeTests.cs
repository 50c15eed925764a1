using MaShangYi.Api.Features.Statistics;
using MaShangYi.Api.Infrastructure.Progress;
using MySqlConnector;

namespace MaShangYi.Tests.Statistics;

/// <summary>The rebuild works a day at a time and, stopped part-way, completes when run again with the same rows.</summary>
public sealed class StatisticsRebuildResumeTests : StatisticsTest
{
    private static readonly string[] RollupTables = ["stats_region_day", "stats_region_month", "stats_topics", "stats_open_tasks"];

    private DateOnly _from;
    private DateOnly _to;

    /// <summary>
    /// The statistics dataset plus a topic in implementation with an open task, the topics then spread over five weeks
    /// back from today (across a month's end), and the rollups emptied: the rebuild has days and months to do.
    /// </summary>
    private async Task BuildSpreadDatasetAsync()
    {
        var (id, _) = await DeliberatedTopicAsync();
        await ActAsync(RoomAdmin, id, "classify", new { @class = "B", nextReviewOn = Today(30) });
        await ActAsync(RoomAdmin, id, "resolution", new { text = "一周内修好楼道灯。", deadline = Today(7) });
        await ActAsync(RoomAdmin, id, "tasks", new { title = "修灯", leadPerson = "李工", unit = Unit, dueOn = Today(3) });
        await ActAsync(RoomAdmin, id, "tasks", new { title = "换开关", leadPerson = "李工", unit = Unit, dueOn = Today(5) });
        await BuildDatasetAsync();
        await ExecuteAsync("UPDATE topics t JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM topics) r ON r.id = t.id SET t.submitted_at = t.submitted_at - INTERVAL (r.n * 8) DAY");
        await EmptyRollupsAsync();
        var today = DateOnly.Parse(Today(), System.Globalization.CultureInfo.InvariantCulture);
        (_from, _to) = (today.AddDays(-45), today.AddDays(1));
    }

    private static async Task EmptyRollupsAsync()
    {
        foreach (var table in RollupTables)
        {
            await ExecuteAsync($"DELETE FROM {table}");
        }
    }

    /// <summary>A rebuild in the smallest chunks: days up to one topic, one task id, a month's rows one region at a time.</summary>
    private static StatisticsRebuild Rebuild() =>
        new(Api.Services.GetRequiredService<MySqlDataSource>(), Api.Clock) { TaskChunk = 1, ChunkTopics = 1, MonthRegions = 1 };

    public enum StopPoint { AfterTheFirstChunk, BeforeTheLastDays, InTheOpenTasks }

    [TestCase(StopPoint.AfterTheFirstChunk)]
    [TestCase(StopPoint.BeforeTheLastDays)]
    [TestCase(StopPoint.InTheOpenTasks)]
    public async Task ARebuildStoppedAfterSomeChunksCompletesWhenRunAgainWithTheRowsOfAnUninterruptedOne(StopPoint when)
    {
        await BuildSpreadDatasetAsync();
        var chunks = new List<string>();
        await Rebuild().RunAsync(_from, _to, CancellationToken.None, chunks.Add, TimeSpan.Zero);
        var uninterrupted = await RollupSnapshotAsync();
        var dayChunks = chunks.Count(c => c.Contains("days to", StringComparison.Ordinal));
        Assert.That(dayChunks, Is.InRange(5, 46), "the 47 days in chunks of at most one topic");
        Assert.That(chunks, Has.Count.EqualTo(dayChunks + await ScalarAsync<long>("SELECT MAX(id) - MIN(id) + 1 FROM tasks")), "and a chunk per task id");
        var stopAfter = when switch { StopPoint.AfterTheFirstChunk => 1, StopPoint.BeforeTheLastDays => dayChunks - 1, _ => dayChunks + 1 };
        Assert.That(await ScalarAsync<long>("SELECT COUNT(DISTINCT day) FROM stats_region_month"), Is.GreaterThanOrEqualTo(2), "the data spans months");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM stats_open_tasks"), Is.EqualTo(2));
        await EmptyRollupsAsync();

        // A progress line per chunk (interval zero): stop after the stopAfter-th.
        using var stop = new CancellationTokenSource();
        var lines = new List<string>();
        Assert.That(async () => await Rebuild().RunAsync(_from, _to, stop.Token, line =>
        {
            lines.Add(line);
            if (lines.Count == stopAfter)
            {
                stop.Cancel();
            }
        }, TimeSpan.Zero), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(lines, Has.Count.EqualTo(stopAfter));
        Assert.That(await RollupSnapshotAsync(), Is.Not.EqualTo(uninterrupted), "stopped part-way");
        Assert.That(await MonthsDisagreeingWithTheirDaysAsync(), Is.Zero, "every month row there agrees with its days (a month's rows are recomputed with its last day)");

        var resumed = await Rebuild().RunAsync(_from, _to, CancellationToken.None);

        Assert.That(resumed.Resumed, Is.True);
        if (when == StopPoint.InTheOpenTasks)
        {
            Assert.That(resumed.Days, Is.Zero, "the days were done before");
        }
        else
        {
            Assert.That(resumed.Days, Is.InRange(1, 46), "only the days not done before");
        }

        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(uninterrupted));
    }

    [Test]
    public async Task AnInterruptedRebuildOverStaleRollupsStillEqualsTheIncrementalFigures()
    {
        await BuildDatasetAsync();
        var incremental = await RollupSnapshotAsync();
        await ExecuteAsync("UPDATE stats_region_day SET submitted = submitted + 7");
        await ExecuteAsync("UPDATE stats_region_month SET evaluations = evaluations + 3");
        var today = DateOnly.Parse(Today(), System.Globalization.CultureInfo.InvariantCulture);

        using var stop = new CancellationTokenSource();
        Assert.That(async () => await Rebuild().RunAsync(today.AddDays(-3), today.AddDays(1), stop.Token, _ => stop.Cancel(), TimeSpan.Zero),
            Throws.InstanceOf<OperationCanceledException>());
        var resumed = await Rebuild().RunAsync(today.AddDays(-3), today.AddDays(1), CancellationToken.None);

        Assert.That(resumed.Resumed, Is.True);
        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(incremental));
    }

    [Test]
    public async Task ARebuildOverRollupsMovesTheMonthFiguresOfKeysItsDaysNoLongerHave()
    {
        await BuildDatasetAsync();
        // Behind the rollups' back every topic changes category: the days' old (region, category) rows must go, month rows too.
        await ExecuteAsync("UPDATE topics SET category_id = (SELECT MAX(id) FROM topic_categories) WHERE category_id <> (SELECT MAX(id) FROM topic_categories)");
        await ExecuteAsync("UPDATE topics SET category_id = (SELECT MIN(id) FROM topic_categories) WHERE id = (SELECT MIN(id) FROM (SELECT id FROM topics) t)");
        var today = DateOnly.Parse(Today(), System.Globalization.CultureInfo.InvariantCulture);
        await Rebuild().RunAsync(today.AddDays(-3), today.AddDays(1), CancellationToken.None);
        var overOld = await RollupSnapshotAsync();

        await EmptyRollupsAsync();
        await Rebuild().RunAsync(today.AddDays(-3), today.AddDays(1), CancellationToken.None);

        Assert.That(overOld, Is.EqualTo(await RollupSnapshotAsync()));
    }

    [Test]
    public async Task AFinishedRebuildRunAgainStartsOverInsteadOfResuming()
    {
        await BuildDatasetAsync();
        var incremental = await RollupSnapshotAsync();
        var today = DateOnly.Parse(Today(), System.Globalization.CultureInfo.InvariantCulture);
        await Rebuild().RunAsync(today.AddDays(-2), today, CancellationToken.None);
        await ExecuteAsync("UPDATE stats_region_day SET submitted = submitted + 7");

        var again = await Rebuild().RunAsync(today.AddDays(-2), today, CancellationToken.None);

        Assert.That(again.Resumed, Is.False);
        Assert.That(again.Days, Is.EqualTo(3), "every day of the period again");
        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(incremental));
    }

    [Test]
    public void AProgressLineGivesTheShareDoneAndAnEstimateOfTheTimeLeft()
    {
        var lines = new List<string>();
        var progress = new JobProgress("rebuild-statistics", 400, 100, lines.Add, TimeSpan.Zero);

        progress.Advance(100, "day 2026-09-14, 12 of 30");

        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.Match(@"^rebuild-statistics: 50\.0 % \(day 2026-09-14, 12 of 30\) · \d+ s elapsed · about \d+ s left$"));
        Assert.That(progress.Line("x", TimeSpan.FromMinutes(2)), Does.EndWith("· 2 min 0 s elapsed · about 4 min 0 s left"),
            "this run did 100 units in two minutes (the 100 before it do not count towards the rate): 200 left take four");
    }

    [Test]
    public void ProgressLinesComeAtMostOnceAnInterval()
    {
        var lines = new List<string>();
        var progress = new JobProgress("seed-province", 1000, 0, lines.Add, TimeSpan.FromHours(1));

        for (var i = 0; i < 100; i++)
        {
            progress.Advance(1, "topics");
        }

        Assert.That(lines, Is.Empty);
    }

    /// <summary>Month rows whose figures differ from the sum of their month's day rows (or have no day rows).</summary>
    private static Task<long> MonthsDisagreeingWithTheirDaysAsync() => ScalarAsync<long>($"""
        SELECT COUNT(*) FROM stats_region_month m
        LEFT JOIN (
            SELECT region_id, DATE_FORMAT(day, '%Y-%m-01') AS month, category_id, {StatColumns.Sums}
            FROM stats_region_day GROUP BY region_id, DATE_FORMAT(day, '%Y-%m-01'), category_id
        ) d ON d.region_id = m.region_id AND d.month = m.day AND d.category_id = m.category_id
        WHERE d.region_id IS NULL OR {string.Join(" OR ", StatColumns.All.Select(c => $"d.{c} <> m.{c}"))}
        """);
}
