using MaShangYi.Api.Features.Statistics;

namespace MaShangYi.Tests.Seeding;

/// <summary>The seeded rows are reproducible and as consistent as the API would have left them.</summary>
public sealed class ProvinceSeedDataTests : ProvinceSeedTest
{
    [Test]
    public async Task TheSameSeedOnAnEmptyDatabaseMakesTheSameRowsAndAnotherSeedDoesNot()
    {
        // One instant for all three: the seed dates its rows back from it, and the clock moves on every read.
        var now = Api.Clock.GetUtcNow().UtcDateTime;
        await SeedAsync(seed: 7, now);
        var first = await FingerprintAsync();

        await TestRun.ResetAsync();
        await SeedAsync(seed: 7, now);
        var second = await FingerprintAsync();

        await TestRun.ResetAsync();
        await SeedAsync(seed: 8, now);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(await FingerprintAsync(), Is.Not.EqualTo(first));
    }

    [Test]
    public async Task EveryStatusIsPresentAndTheSubmittedPoolIsLargeEnoughToReview()
    {
        var outcome = await SeedAsync();

        var statuses = await QueryAsync<string>("SELECT DISTINCT status FROM topics");
        Assert.That(statuses, Is.EquivalentTo(StatColumns.Statuses));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.EqualTo(Topics));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE status = 'submitted'"), Is.GreaterThanOrEqualTo(Topics / 25));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE round = 2"), Is.GreaterThan(0), "some topics were reopened for a second round");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM rooms"), Is.InRange(40, 60));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(DISTINCT level) FROM regions"), Is.EqualTo(4));
        Assert.That(outcome.Rows["topic_events"], Is.EqualTo(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events")));
    }

    [Test]
    public async Task CountersTimelinesAndTasksAgreeWithTheRowsBehindThem()
    {
        await SeedAsync();

        string[] violations =
        [
            "SELECT COUNT(*) FROM topics t WHERE comment_count <> (SELECT COUNT(*) FROM topic_comments c WHERE c.topic_id = t.id AND c.moderation = 'visible')",
            "SELECT COUNT(*) FROM topics t WHERE support_count <> (SELECT COUNT(*) FROM topic_supports s WHERE s.topic_id = t.id)",
            // Every timeline starts with the submission and ends where the topic stands; each event starts where the last one ended, later.
            "SELECT COUNT(*) FROM topics t WHERE (SELECT action FROM topic_events e WHERE e.topic_id = t.id ORDER BY id LIMIT 1) <> 'submit'",
            "SELECT COUNT(*) FROM topics t WHERE status <> (SELECT to_status FROM topic_events e WHERE e.topic_id = t.id ORDER BY id DESC LIMIT 1)",
            "SELECT COUNT(*) FROM topics t WHERE version <> (SELECT COUNT(*) FROM topic_events e WHERE e.topic_id = t.id)",
            """
            SELECT COUNT(*) FROM topic_events e JOIN topic_events p ON p.topic_id = e.topic_id
              AND p.id = (SELECT MAX(q.id) FROM topic_events q WHERE q.topic_id = e.topic_id AND q.id < e.id)
            WHERE NOT (e.from_status <=> p.to_status) OR e.created_at < p.created_at
            """,
            // Tasks only where a resolution led to implementation; a completed round has every task done.
            "SELECT COUNT(*) FROM tasks k JOIN topics t ON t.id = k.topic_id WHERE t.status NOT IN ('implementing', 'completed', 'closed', 'reopened')",
            "SELECT COUNT(*) FROM tasks k JOIN topics t ON t.id = k.topic_id AND k.round = t.round WHERE t.status IN ('completed', 'closed') AND k.progress < 100",
            "SELECT COUNT(*) FROM topics t WHERE status IN ('implementing', 'completed') AND NOT EXISTS (SELECT 1 FROM tasks k WHERE k.topic_id = t.id AND k.round = t.round)",
            "SELECT COUNT(*) FROM topics WHERE (classification = 'B' AND next_review_on IS NULL) OR (classification = 'C' AND class_note IS NULL)",
            "SELECT COUNT(*) FROM topics WHERE status = 'closed' AND classification IS NULL",
            "SELECT COUNT(*) FROM topics WHERE status = 'rejected' AND (rejection_criterion_id IS NULL OR rejection_reason IS NULL)",
            "SELECT COUNT(*) FROM topics m LEFT JOIN topics t ON t.id = m.merged_into_id WHERE m.status = 'merged' AND (t.id IS NULL OR t.room_id <> m.room_id OR t.id > m.id)",
            "SELECT COUNT(*) FROM topics WHERE (status = 'submitted') <> (reviewed_at IS NULL)",
            "SELECT COUNT(*) FROM meetings g WHERE signup_count <> (SELECT COUNT(*) FROM meeting_participants p WHERE p.meeting_id = g.id AND p.user_id IS NOT NULL)",
            "SELECT COUNT(*) FROM meetings WHERE minutes_at IS NOT NULL AND starts_at > minutes_at",
            "SELECT COUNT(*) FROM evaluations e JOIN topics t ON t.id = e.topic_id WHERE t.status NOT IN ('completed', 'closed', 'reopened', 'implementing')",
            // The region chain is the room's, and receipt numbers continue the room's yearly sequence.
            """
            SELECT COUNT(*) FROM topics t JOIN rooms m ON m.id = t.room_id JOIN regions r ON r.id = m.region_id
            WHERE r.id NOT IN (t.region_l1, COALESCE(t.region_l2, 0), COALESCE(t.region_l3, 0), COALESCE(t.region_l4, 0))
            """,
            """
            SELECT COUNT(*) FROM room_topic_sequences s
            WHERE s.last_seq <> (SELECT COUNT(*) FROM topics t WHERE t.room_id = s.room_id AND YEAR(t.submitted_at) = s.year)
            """,
        ];
        foreach (var sql in violations)
        {
            Assert.That(await ScalarAsync<long>(sql), Is.Zero, sql);
        }

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topic_events WHERE created_at > @now", new { now = Api.Clock.GetUtcNow().UtcDateTime }), Is.Zero,
            "nothing happens after the moment the seed stands at");
        Assert.That(await ScalarAsync<long>("SELECT COUNT(DISTINCT receipt_no) FROM topics"), Is.EqualTo(Topics));
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics t JOIN room_topic_sequences s ON s.room_id = t.room_id AND s.year = YEAR(t.submitted_at)"),
            Is.EqualTo(Topics));
        foreach (var table in new[] { "topic_comments", "research_reports", "meetings", "meeting_participants", "task_milestones", "task_updates", "evaluations" })
        {
            Assert.That(await ScalarAsync<long>($"SELECT COUNT(*) FROM {table}"), Is.GreaterThan(0), table);
        }

        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM stats_open_tasks WHERE due_on < @today", new { today = DateTime.Parse(Today(), System.Globalization.CultureInfo.InvariantCulture) }),
            Is.GreaterThan(0), "some tasks are overdue");
    }

    [Test]
    public async Task TheRollupsEqualARebuildAndTheBaseTables()
    {
        await SeedAsync();
        var seeded = await RollupSnapshotAsync();

        using (var scope = Api.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StatisticsRebuild>().RunAsync(null, null, CancellationToken.None);
        }

        Assert.That(await RollupSnapshotAsync(), Is.EqualTo(seeded));
        var cityId = await ScalarAsync<long>("SELECT id FROM regions WHERE level = 1");
        Assert.That(await ScalarAsync<long>("SELECT SUM(submitted) FROM stats_region_month WHERE region_id = @cityId", new { cityId }), Is.EqualTo(Topics));
        Assert.That(await ScalarAsync<long>("SELECT SUM(s_closed) FROM stats_region_month WHERE region_id = @cityId", new { cityId }),
            Is.EqualTo(await ScalarAsync<long>("SELECT COUNT(*) FROM topics WHERE status = 'closed'")));
        Assert.That(await ScalarAsync<long>("SELECT SUM(evaluations) FROM stats_region_month WHERE region_id = @cityId", new { cityId }),
            Is.EqualTo(await ScalarAsync<long>("SELECT COUNT(*) FROM evaluations")));
        Assert.That(await ScalarAsync<long>("SELECT SUM(meetings_held) FROM stats_region_month WHERE region_id = @cityId", new { cityId }),
            Is.EqualTo(await ScalarAsync<long>("SELECT COUNT(*) FROM meetings WHERE minutes_at IS NOT NULL")));
    }

    [Test]
    public async Task SeedingADatabaseThatHoldsAProvinceIsRefused()
    {
        await SeedAsync();

        Assert.ThrowsAsync<InvalidOperationException>(() => SeedAsync());
        Assert.That(await ScalarAsync<long>("SELECT COUNT(*) FROM topics"), Is.EqualTo(Topics));
    }

    private static string Today() => Api.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
