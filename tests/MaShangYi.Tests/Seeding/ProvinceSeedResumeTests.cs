using MaShangYi.Bench.Seed;
using TestRun = MaShangYi.Tests.TestRun;

namespace MaShangYi.Tests.Seeding;

/// <summary>A seed stopped part-way, run again, makes the same rows as one that ran through.</summary>
public sealed class ProvinceSeedResumeTests : ProvinceSeedTest
{
    /// <summary>Seeds with a progress line per step, cancelling at the first line <paramref name="stopAt"/> accepts (none: runs through).</summary>
    private static async Task SeedStoppingAtAsync(DateTime now, Func<string, bool>? stopAt)
    {
        using var scope = Api.Services.CreateScope();
        using var stop = new CancellationTokenSource();
        await Seeder(scope.ServiceProvider).RunAsync(
            new ProvinceSeeder.Options(7, 1, 50, Topics, 1_000, now),
            line =>
            {
                if (stopAt?.Invoke(line) == true)
                {
                    stop.Cancel();
                }
            },
            stop.Token, TimeSpan.Zero);
    }

    [Test]
    public async Task ASeedStoppedWhileWritingRowsResumesAndMakesTheSameRowsAndRollups()
    {
        var now = Api.Clock.GetUtcNow().UtcDateTime;
        await SeedStoppingAtAsync(now, null);
        var (rows, rollups) = (await FingerprintAsync(), await RollupSnapshotAsync());
        await TestRun.ResetAsync();

        Assert.That(async () => await SeedStoppingAtAsync(now, line => line.Contains("1,500 of", StringComparison.Ordinal)),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await ScalarAsync<long>("SELECT statements FROM seed_progress"), Is.GreaterThan(0), "some statements were committed");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events"), Is.GreaterThan(0));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.LessThan(Topics), "stopped part-way");

        // Run again with another instant: the unfinished seed's own options win.
        await SeedStoppingAtAsync(now.AddHours(1), null);

        Assert.That(await FingerprintAsync(), Is.EqualTo(rows));
        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(rollups));
        Assert.That(await ScalarAsync<string>("SELECT phase FROM seed_progress"), Is.EqualTo("done"));
    }

    [Test]
    public async Task ASeedStoppedInTheStatisticsRebuildResumesAndMakesTheSameRollups()
    {
        var now = Api.Clock.GetUtcNow().UtcDateTime;
        await SeedStoppingAtAsync(now, null);
        var (rows, rollups) = (await FingerprintAsync(), await RollupSnapshotAsync());
        await TestRun.ResetAsync();

        Assert.That(async () => await SeedStoppingAtAsync(now, line => line.StartsWith("rebuild-statistics:", StringComparison.Ordinal)),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await ScalarAsync<string>("SELECT phase FROM seed_progress"), Is.EqualTo("statistics"));
        Assert.That(await RollupSnapshotAsync(), Is.Not.EqualTo(rollups), "stopped part-way");

        await SeedStoppingAtAsync(now, null);

        Assert.That(await FingerprintAsync(), Is.EqualTo(rows));
        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(rollups));
    }
}
