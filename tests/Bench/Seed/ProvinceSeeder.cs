using System.Diagnostics;
using System.Globalization;
using Dapper;
using MaShangYi.Api.Features.Statistics;
using MaShangYi.Api.Infrastructure.Progress;
using MySqlConnector;

namespace MaShangYi.Bench.Seed;

/// <summary>
/// Fills a database (empty, or holding the demo city) with a province for benchmarks: see <see cref="ProvincePlaces"/>
/// and <see cref="TopicLives"/>. Everything comes from one <see cref="Random"/> seeded with <see cref="Options.Seed"/>
/// and from the moment <see cref="Options.Now"/>, so the same seed and moment make the same rows. The statistics rollups
/// are then computed by the same <see cref="StatisticsRebuild"/> the operators run.
/// </summary>
public sealed class ProvinceSeeder(MySqlDataSource db, StatisticsRebuild rebuild)
{
    public sealed record Options(int Seed, int Cities, int Rooms, int Topics, int Residents, DateTime Now);

    public sealed record Outcome(IReadOnlyDictionary<string, long> Rows, TimeSpan Generation, TimeSpan Statistics);

    /// <summary>The tables the seed writes, with the columns it fills.</summary>
    private static readonly (string Table, string Columns)[] Tables =
    [
        ("regions", "id, code, parent_id, level, name, path, created_at, updated_at"),
        ("users", "id, openid, display_name, created_at, last_login_at"),
        ("role_grants", "user_id, role, region_id, unit, granted_by, created_at"),
        ("rooms", "id, region_id, name, address, contact_name, contact_phone, is_active, scene, created_at, updated_at"),
        ("topics", """
            id, receipt_no, room_id, region_l1, region_l2, region_l3, region_l4, title, description, category_id, location_text,
            proposer_user_id, is_anonymous, proposer_name, source, status, moderation, round, version,
            classification, class_note, next_review_on, announcement_ends_on, merged_into_id, rejection_criterion_id, rejection_reason,
            referral_target, referral_ref, escalation_kind, escalation_target, escalation_ref, resolution_text, resolution_deadline, result_text,
            support_count, comment_count, submitted_at, reviewed_at, updated_at
            """),
        ("topic_events", "topic_id, round, action, from_status, to_status, actor_user_id, actor_role, actor_unit, note, created_at"),
        ("topic_comments", "topic_id, user_id, stance, body, moderation, created_at"),
        ("topic_supports", "topic_id, user_id, created_at"),
        ("research_reports", "topic_id, round, title, body, author_role, author_unit, created_by, created_at"),
        ("meetings", "id, topic_id, round, room_id, region_l1, region_l2, region_l3, region_l4, mode, starts_at, place, online_link, convener, capacity, signup_count, minutes, minutes_at, created_at"),
        ("meeting_participants", "meeting_id, user_id, name, party, attend_mode, created_at"),
        ("tasks", "id, topic_id, round, title, lead_person, unit, due_on, progress, created_at, updated_at"),
        ("task_milestones", "id, task_id, title, due_on, done_at"),
        ("task_updates", "task_id, progress, note, user_id, created_at"),
        ("evaluations", "topic_id, round, user_id, is_proposer, solved, satisfied, comment, moderation, created_at"),
        ("room_topic_sequences", "room_id, year, last_seq"),
    ];

    /// <summary>Seeds; <paramref name="progress"/> gets a line at most every <paramref name="every"/> (default 5 s) with the share done and the time left.</summary>
    public async Task<Outcome> RunAsync(Options options, Action<string> progress, CancellationToken ct, TimeSpan? every = null)
    {
        var interval = every ?? TimeSpan.FromSeconds(5);
        var watch = Stopwatch.StartNew();
        await using var read = await db.OpenConnectionAsync(ct);
        var begun = await SeedStart.ResumeOrBeginAsync(read, options, ct);
        if (begun.Resumed)
        {
            options = begun.Options;
            progress(string.Create(CultureInfo.InvariantCulture,
                $"resuming the unfinished seed (seed {options.Seed}, {options.Topics:N0} topics, up to {options.Now:yyyy-MM-dd HH:mm} UTC) at {begun.Phase}, {begun.Statements:N0} statements committed"));
        }

        var now = options.Now.AddTicks(-(options.Now.Ticks % TimeSpan.TicksPerMillisecond));
        var max = begun;
        var (codes, scenes) = (begun.Codes.ToHashSet(), begun.Scenes.ToHashSet());
        var categories = (await read.QueryAsync<long>(new CommandDefinition("SELECT id FROM topic_categories WHERE is_active = 1 ORDER BY sort_order, id", cancellationToken: ct))).ToArray();
        var criteria = (await read.QueryAsync<(long, string)>(new CommandDefinition(
            "SELECT id, title FROM review_criteria WHERE kind = 'not_deliberate' AND is_active = 1 AND city_id IS NULL ORDER BY sort_order, id", cancellationToken: ct))).ToArray();

        var rng = new Random(options.Seed);
        await using var writeConnection = await db.OpenConnectionAsync(ct);
        await using var rows = new BulkRows(writeConnection, begun.Statements);
        foreach (var (table, columns) in Tables)
        {
            rows.Define(table, columns);
        }

        var places = new ProvincePlaces(rng, rows, now, scenes, codes);
        places.Build(options.Cities, options.Rooms, options.Residents, max.Regions, max.Rooms, max.Users);
        progress($"{places.Regions.Count} regions, {places.Rooms.Count} rooms, {rows.Rows("users")} users, {places.GrantCount} role grants ({watch.Elapsed.TotalSeconds:F0} s)");

        var plan = TopicPaths.Plan(rng, options.Topics, now);
        var lives = new TopicLives(rng, rows, places, now, categories, criteria);
        lives.StartIds(max.Meetings, max.Tasks);
        lives.StartMilestoneIds(max.Milestones);
        // The generator runs at most a few statements ahead of the writer (BulkRows), so topics generated measure the writing.
        var topics = new JobProgress("seed-province, rows", plan.Length, 0, progress, interval);
        for (var i = 0; i < plan.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            lives.Write(max.Topics + i + 1, plan[i].SubmittedAt, TopicPaths.Mix[plan[i].Status].Status);
            topics.Advance(1, string.Create(CultureInfo.InvariantCulture, $"{i + 1:N0} of {plan.Length:N0} topics, {rows.Rows("topic_events"):N0} events"));
        }

        foreach (var ((roomId, year), last) in lives.Sequences.OrderBy(s => s.Key))
        {
            rows["room_topic_sequences"].Row().Num(roomId).Num(year).Num(last);
        }

        await rows.FlushAsync();
        await SeedStart.MarkAsync(read, SeedStart.Statistics, ct);
        var generation = watch.Elapsed;
        progress($"rows written ({generation.TotalSeconds:F0} s); rebuilding the statistics rollups");
        await read.ExecuteAsync(new CommandDefinition(
            "ANALYZE TABLE topics, topic_events, topic_comments, topic_supports, meetings, meeting_participants, tasks, evaluations, rooms, regions",
            cancellationToken: ct, commandTimeout: 600));
        await rebuild.RunAsync(null, null, ct, progress, interval);
        await SeedStart.MarkAsync(read, SeedStart.Done, ct);
        var counts = Tables.ToDictionary(t => t.Table, t => rows.Rows(t.Table));
        counts["stats_region_day"] = await read.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM stats_region_day", cancellationToken: ct, commandTimeout: 600));
        counts["stats_open_tasks"] = await read.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM stats_open_tasks", cancellationToken: ct, commandTimeout: 600));
        return new Outcome(counts, generation, watch.Elapsed - generation);
    }
}
