using System.Globalization;
using MaShangYi.Api.Commands;
using MaShangYi.Api.Features.Statistics;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Time;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace MaShangYi.Bench.Seed;

// seed-province [--seed 42] [--cities 13] [--rooms 20000] [--topics 2000000] [--residents N] [--until yyyy-MM-dd]:
// migrates the database named by Database__ConnectionString (as the API would) and fills it with a province for the
// benchmark (docs/benchmarks.md), printing progress every few seconds. Stopped (Ctrl-C, a crash), the same command
// resumes the unfinished seed with the options it began with.
internal static class SeedProvince
{
    public static async Task<int> Main(string[] args)
    {
        const string usage =
            "usage: MaShangYi.Bench.Seed [--seed 42] [--cities 13] [--rooms 20000] [--topics 2000000] [--residents 200000] [--until yyyy-MM-dd]\n" +
            "  with Database__ConnectionString set; --until: the data ends at the start of this Beijing date (default: now);\n" +
            "  the same seed and --until make the same rows.";

        var options = AdminCommands.ParseOptions(args);
        var connectionString = Environment.GetEnvironmentVariable("Database__ConnectionString");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync(usage);
            return 2;
        }

        int Int(string key, int fallback) =>
            options.TryGetValue(key, out var text) ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1 : fallback;

        var topics = Int("topics", 2_000_000);
        var parsed = new ProvinceSeeder.Options(
            Int("seed", 42), Int("cities", 13), Int("rooms", 20_000), topics, Int("residents", Math.Clamp(topics / 10, 1_000, 200_000)),
            TimeProvider.System.StoredNow());
        if (options.TryGetValue("until", out var until))
        {
            parsed = DateOnly.TryParseExact(until, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? parsed with { Now = day.ToDateTime(TimeOnly.MinValue) - LocalDate.Offset }
                : parsed with { Seed = -1 };
        }

        if (parsed.Seed < 0 || parsed.Cities < 0 || parsed.Rooms < 0 || parsed.Topics < 0 || parsed.Residents < 0 || parsed.Rooms < parsed.Cities)
        {
            await Console.Error.WriteLineAsync(usage);
            return 2;
        }

        // Timestamps are stored and read as UTC, as the API's data source does (DatabaseSetup.AddDatabase).
        var builder = new MySqlConnectionStringBuilder(connectionString) { DateTimeKind = MySqlDateTimeKind.Utc };
        await using var db = new MySqlDataSourceBuilder(builder.ConnectionString).Build();
        DatabaseSetup.Migrate(db, NullLogger.Instance);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Seeding a province: seed {parsed.Seed}, {parsed.Cities} cities, ~{parsed.Rooms} rooms, {parsed.Topics} topics, {parsed.Residents} residents, up to {parsed.Now:yyyy-MM-dd HH:mm} UTC"));
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        var seeder = new ProvinceSeeder(db, new StatisticsRebuild(db, TimeProvider.System));
        var outcome = await seeder.RunAsync(parsed, line => Console.WriteLine("  " + line), stop.Token);
        foreach (var (table, count) in outcome.Rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table,-22} {count,12:N0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done in {(outcome.Generation + outcome.Statistics).TotalSeconds:F0} s: rows {outcome.Generation.TotalSeconds:F0} s, statistics {outcome.Statistics.TotalSeconds:F0} s."));
        Console.WriteLine("Log in (simulated WeChat) as province-resident-1 … province-resident-N, or staff: province-reviewer-{town code}, " +
                          "province-room_admin-{town code}, province-implementer-{county code}-0 …");
        return 0;
    }
}
