using System.Security.Cryptography;
using System.Text;
using Dapper;
using MaShangYi.Api.Features.Statistics;
using MaShangYi.Bench.Seed;
using MaShangYi.Tests.Support;
using MySqlConnector;
using TestRun = MaShangYi.Tests.TestRun;

namespace MaShangYi.Tests.Seeding;

/// <summary>Base for the province seed's tests: a small province (one city, ~50 rooms, 2,000 topics) on the test database.</summary>
public abstract class ProvinceSeedTest : ApiTest
{
    protected const int Topics = 2_000;

    /// <summary>The seeder (a benchmark tool, tests/Bench/Seed) on the test API's database and statistics rebuild.</summary>
    protected static ProvinceSeeder Seeder(IServiceProvider services) =>
        new(services.GetRequiredService<MySqlDataSource>(), services.GetRequiredService<StatisticsRebuild>());

    /// <summary>Seeds the province as of <paramref name="now"/> (default: the clock's now); the same seed and instant make the same rows.</summary>
    protected static async Task<ProvinceSeeder.Outcome> SeedAsync(int seed = 7, DateTime? now = null)
    {
        using var scope = Api.Services.CreateScope();
        var seeder = Seeder(scope.ServiceProvider);
        return await seeder.RunAsync(new ProvinceSeeder.Options(seed, 1, 50, Topics, 1_000, now ?? Api.Clock.GetUtcNow().UtcDateTime), _ => { }, CancellationToken.None);
    }

    /// <summary>A hash of the seeded rows that do not depend on auto-increment ids: the topics and every topic's timeline, meetings and tasks.</summary>
    protected static async Task<string> FingerprintAsync()
    {
        string[] queries =
        [
            "SELECT CONCAT_WS('|', id, receipt_no, room_id, region_l4, status, round, version, classification, next_review_on, support_count, comment_count, submitted_at, reviewed_at, updated_at) FROM topics ORDER BY id",
            "SELECT CONCAT_WS('|', topic_id, round, action, from_status, to_status, actor_user_id, actor_role, actor_unit, note, created_at) FROM topic_events ORDER BY topic_id, id",
            "SELECT CONCAT_WS('|', id, topic_id, starts_at, signup_count, minutes_at) FROM meetings ORDER BY id",
            "SELECT CONCAT_WS('|', id, topic_id, unit, due_on, progress) FROM tasks ORDER BY id",
            "SELECT CONCAT_WS('|', topic_id, user_id, created_at) FROM topic_supports ORDER BY topic_id, user_id",
            "SELECT CONCAT_WS('|', id, code, name, path) FROM regions ORDER BY id",
            "SELECT CONCAT_WS('|', id, scene, name) FROM rooms ORDER BY id",
        ];
        await using var connection = new MySqlConnection(TestRun.ConnectionString);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var sql in queries)
        {
            foreach (var line in await connection.QueryAsync<string>(sql))
            {
                sha.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
            }
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>Every row of the rollup tables, in key order, as text.</summary>
    protected static async Task<string> RollupSnapshotAsync()
    {
        var parts = new List<string>();
        foreach (var table in new[] { "stats_region_day", "stats_region_month" })
        {
            parts.AddRange(await QueryAsync<string>($"SELECT CONCAT_WS(',', region_id, day, category_id, {StatColumns.List}) FROM {table} ORDER BY region_id, day, category_id"));
        }

        parts.AddRange(await QueryAsync<string>("SELECT CONCAT_WS(',', topic_id, status, classification, reviewed_at) FROM stats_topics ORDER BY topic_id"));
        parts.AddRange(await QueryAsync<string>("SELECT CONCAT_WS(',', task_id, topic_id, due_on) FROM stats_open_tasks ORDER BY task_id"));
        return string.Join('\n', parts);
    }
}
