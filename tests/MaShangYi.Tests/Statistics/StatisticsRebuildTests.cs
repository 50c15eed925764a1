using System.Net;
using System.Net.Http.Json;
using Dapper;
using MaShangYi.Tests.Support;
using MySqlConnector;

namespace MaShangYi.Tests.Statistics;

/// <summary>The rollups kept up to date change by change equal a recomputation from the base tables.</summary>
public sealed class StatisticsRebuildTests : StatisticsTest
{
    /// <summary>
    /// The known dataset plus a B-class topic in implementation with an open task, a topic referred and one merged into
    /// it, all through the API.
    /// </summary>
    private async Task BuildWithAnOpenTaskAsync()
    {
        var (id, _) = await DeliberatedTopicAsync();
        await ActAsync(RoomAdmin, id, "classify", new { @class = "B", nextReviewOn = Today(30) });
        await ActAsync(RoomAdmin, id, "resolution", new { text = "一周内修好楼道灯。", deadline = Today(7) });
        await ActAsync(RoomAdmin, id, "tasks", new { title = "修灯", leadPerson = "李工", unit = Unit, dueOn = Today(3) });
        var referred = (await SubmitAsync(title: "路灯的电费账单有误"))["id"]!.GetValue<long>();
        var merged = (await SubmitAsync(title: "三号楼前的路灯也不亮"))["id"]!.GetValue<long>();
        Api.Clock.Advance(TimeSpan.FromMinutes(10));
        await ActAsync(Reviewer, referred, "refer", new { target = "12345 热线", reference = "GD-9" });
        await ActAsync(Reviewer, merged, "merge", new { intoTopicId = id });
        await BuildDatasetAsync();
    }

    [Test]
    public async Task TheIncrementalRollupEqualsARebuildOfTheWholeHistory()
    {
        await BuildWithAnOpenTaskAsync();
        var incremental = await RollupSnapshotAsync();

        await RebuildAsync();

        Assert.That(incremental, Does.Contain("implementing").And.Contain("referred").And.Contain("merged"));
        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(incremental));
        Assert.That(await ScalarAsync<long>("SELECT SUM(doubts_answered) FROM stats_region_month m JOIN regions r ON r.id = m.region_id WHERE r.code = @CityCode", new { CityCode }),
            Is.EqualTo(2), "the doubts answered, once each however often corrected, are in both");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE status IN ('referred', 'merged') AND reviewed_at IS NOT NULL"),
            Is.EqualTo(2), "referring and merging are review decisions, counted as reviewed");
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

    /// <summary>
    /// A city's rollup rows are shared by every change in the city. A change that leaves what its topic counts for as it
    /// was (classified B again, with a later review date) must not lock them: here another transaction holds them, and the
    /// change still answers at once. The rows are as a rebuild makes them afterwards.
    /// </summary>
    [Test]
    public async Task AChangeThatLeavesItsTopicsCountsAsTheyWereWaitsForNoOneElseInTheCity()
    {
        var id = await AnnouncedTopicAsync();
        await ActAsync(RoomAdmin, id, "classify", new { @class = "B", note = "持续跟踪", nextReviewOn = Today(7) });
        var city = await RegionIdAsync(CityCode);

        await using var other = new MySqlConnection(TestRun.ConnectionString);
        await other.OpenAsync();
        await using var tx = await other.BeginTransactionAsync();
        var held = await other.QueryAsync<long>(
            "SELECT region_id FROM stats_region_day WHERE region_id = @city FOR UPDATE; SELECT region_id FROM stats_region_month WHERE region_id = @city FOR UPDATE",
            new { city }, tx);
        Assert.That(held, Is.Not.Empty, "the city's rows exist and are held");

        var again = RoomAdmin.PostAsJsonAsync($"/api/topics/{id}/classify", new { @class = "B", note = "继续跟踪", nextReviewOn = Today(14) });
        var first = await Task.WhenAny(again, Task.Delay(TimeSpan.FromSeconds(20)));
        await tx.RollbackAsync();
        Assert.That(first, Is.SameAs(again), "the change waited for the city's rollup rows");
        Assert.That((await again).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var incremental = await RollupSnapshotAsync();
        await RebuildAsync();
        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(incremental));
    }
}
