namespace MaShangYi.Tests.Statistics;

/// <summary>The rollups kept up to date change by change equal a recomputation from the base tables.</summary>
public sealed class StatisticsRebuildTests : StatisticsTest
{
    /// <summary>The known dataset plus a B-class topic in implementation with an open task, all through the API.</summary>
    private async Task BuildWithAnOpenTaskAsync()
    {
        var (id, _) = await DeliberatedTopicAsync();
        await ActAsync(RoomAdmin, id, "classify", new { @class = "B", nextReviewOn = Today(30) });
        await ActAsync(RoomAdmin, id, "resolution", new { text = "一周内修好楼道灯。", deadline = Today(7) });
        await ActAsync(RoomAdmin, id, "tasks", new { title = "修灯", leadPerson = "李工", unit = Unit, dueOn = Today(3) });
        await BuildDatasetAsync();
    }

    [Test]
    public async Task TheIncrementalRollupEqualsARebuildOfTheWholeHistory()
    {
        await BuildWithAnOpenTaskAsync();
        var incremental = await RollupSnapshotAsync();

        await RebuildAsync();

        Assert.That(incremental, Does.Contain("implementing"));
        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(incremental));
        Assert.That(await ScalarAsync<long>("SELECT SUM(doubts_answered) FROM stats_region_month m JOIN regions r ON r.id = m.region_id WHERE r.code = @CityCode", new { CityCode }),
            Is.EqualTo(2), "the doubts answered, once each however often corrected, are in both");
    }

    [Test]
    public async Task ARebuildFromEmptyRollupsRestoresTheSameFigures()
    {
        await BuildWithAnOpenTaskAsync();
        var incremental = await RollupSnapshotAsync();
        var before = await StatisticsAsync(CityCode);
        foreach (var table in new[] { "stats_region_day", "stats_region_month", "stats_topics", "stats_open_tasks" })
        {
            await ExecuteAsync($"DELETE FROM {table}");
        }

        Assert.That(Count((await StatisticsAsync(CityCode))["totals"], "submitted"), Is.EqualTo(0));
        await RebuildAsync();

        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(incremental));
        Assert.That((await StatisticsAsync(CityCode)).ToJsonString(), Is.EqualTo(before.ToJsonString()));
    }

    [Test]
    public async Task ARebuildOfAPeriodLeavesOtherDaysAlone()
    {
        await BuildWithAnOpenTaskAsync();
        var incremental = await RollupSnapshotAsync();
        var today = DateOnly.Parse(Today(), System.Globalization.CultureInfo.InvariantCulture);

        await ExecuteAsync("UPDATE stats_region_day SET submitted = submitted + 100 WHERE day < @day", new { day = today.AddDays(-3).ToDateTime(TimeOnly.MinValue) });
        await RebuildAsync(today.AddDays(-1), today);

        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(incremental));
    }
}
