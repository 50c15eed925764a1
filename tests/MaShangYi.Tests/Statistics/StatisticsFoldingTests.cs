using System.Net.Http.Json;
using MaShangYi.Api.Features.Statistics;

namespace MaShangYi.Tests.Statistics;

/// <summary>
/// Changes queue their topic and folders move the contributions into the rollups: nothing is lost, nothing counted twice,
/// whatever the order of changes, folds, rebuilds and concurrent folders.
/// </summary>
public sealed class StatisticsFoldingTests : StatisticsTest
{
    private static Task<long> CitySubmittedAsync() => ScalarAsync<long>(
        "SELECT COALESCE(SUM(submitted), 0) FROM stats_region_month WHERE region_id = (SELECT id FROM regions WHERE code = @code)", new { code = CityCode });

    [Test]
    public async Task ASubmissionIsQueuedInItsTransactionAndCountedOnceFolded()
    {
        await FoldAsync();
        var before = await CitySubmittedAsync();

        var id = (await SubmitAsync())["id"]!.GetValue<long>();

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM stats_pending WHERE topic_id = @id", new { id }), Is.EqualTo(1));
        Assert.That(await CitySubmittedAsync(), Is.EqualTo(before), "the request itself touches no rollup row");
        Assert.That(await FoldAsync(), Is.EqualTo(1));
        Assert.That(await CitySubmittedAsync(), Is.EqualTo(before + 1));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM stats_pending"), Is.EqualTo(0));
        Assert.That(await FoldAsync(), Is.EqualTo(0), "folding again adds nothing");
        Assert.That(await CitySubmittedAsync(), Is.EqualTo(before + 1));
    }

    [Test]
    public async Task AStatisticsReadFoldsWhatIsQueuedFirst()
    {
        var before = Count((await StatisticsAsync(CityCode))["totals"], "submitted");

        await SubmitAsync();
        await SubmitAsync(title: "垃圾桶太少");

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM stats_pending"), Is.GreaterThanOrEqualTo(2));
        Assert.That(Count((await StatisticsAsync(CityCode))["totals"], "submitted"), Is.EqualTo(before + 2));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM stats_pending"), Is.EqualTo(0));
    }

    [Test]
    public async Task ChangesFoldedInAnyOrderAndBatchSizeEqualARebuild()
    {
        // Changes to the same topics between folds, and folds of one queued change at a time mid-way.
        var id = await AnnouncedTopicAsync();
        using (var scope = Api.Services.CreateScope())
        {
            var folding = scope.ServiceProvider.GetRequiredService<StatisticsFolding>();
            Assert.That(await folding.FoldBatchAsync(CancellationToken.None), Is.GreaterThan(0));
        }

        await ActAsync(RoomAdmin, id, "classify", new { @class = "C", note = "已在其他渠道解决" });
        await BuildDatasetAsync(); // (moves the clock two hours: the other staff's tokens expire)
        var incremental = await RollupSnapshotAsync();

        await RebuildAsync();

        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(incremental));
    }

    [Test]
    public async Task FoldersRunningAtOnceCountEveryChangeOnce()
    {
        for (var i = 0; i < 20; i++)
        {
            await SubmitAsync(title: $"楼道灯坏了 {i}");
        }

        await BuildDatasetAsync();

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM stats_pending"), Is.GreaterThan(20));
        var folders = Enumerable.Range(0, 4).Select(async _ =>
        {
            using var scope = Api.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<StatisticsFolding>().FoldAllAsync(CancellationToken.None);
        }).ToList();
        await Task.WhenAll(folders);
        var incremental = await RollupSnapshotAsync();

        await RebuildAsync();

        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(incremental));
    }

    [Test]
    public async Task QueuedChangesFoldedAfterARebuildAddNothingMore()
    {
        await BuildDatasetAsync();
        await RebuildAsync();
        var rebuilt = await RollupSnapshotAsync();

        // Queued again (as a change in flight during the rebuild would be): their contribution is already in.
        await ExecuteAsync("INSERT INTO stats_pending (topic_id, created_at) SELECT id, UTC_TIMESTAMP(3) FROM topics");

        Assert.That(await FoldAsync(), Is.GreaterThan(0));
        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(rebuilt));
    }

    [Test]
    public async Task AChangeThatRollsBackQueuesNothing()
    {
        var id = (await SubmitAsync())["id"]!.GetValue<long>();
        await FoldAsync();

        // The merge target does not exist: the action is refused inside its transaction, after the topic row was read.
        var response = await Reviewer.PostAsJsonAsync($"/api/topics/{id}/merge", new { intoTopicId = 999999999, note = "重复" });

        await AssertProblemAsync(response, System.Net.HttpStatusCode.UnprocessableEntity, "merge_target_invalid");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM stats_pending"), Is.EqualTo(0));
    }
}
