using System.Text.Json;
using Dapper;
using MaShangYi.Api.Infrastructure.WeChat;
using MySqlConnector;

namespace MaShangYi.Bench.Seed;

/// <summary>
/// What a seed's rows are generated from: its options and what the database held when it began (the largest ids, the
/// region codes and room scenes already taken). Kept in seed_progress so a seed that stopped generates the same rows again
/// (<see cref="Statements"/> of them committed already) instead of starting from what it half wrote.
/// </summary>
internal sealed record SeedStart(
    ProvinceSeeder.Options Options, long Regions, long Rooms, long Users, long Topics, long Meetings, long Tasks, long Milestones,
    string[] Codes, string[] Scenes)
{
    public const string Rows = "rows", Statistics = "statistics", Done = "done";

    public long Statements { get; private init; }

    public string Phase { get; private init; } = Rows;

    public bool Resumed { get; private init; }

    /// <summary>The unfinished seed of this database (its own options win over <paramref name="options"/>), or a new one.</summary>
    public static async Task<SeedStart> ResumeOrBeginAsync(MySqlConnection connection, ProvinceSeeder.Options options, CancellationToken ct)
    {
        var saved = await connection.QuerySingleOrDefaultAsync<(string Start, long Statements, string Phase)?>(new CommandDefinition(
            "SELECT start, statements, phase FROM seed_progress WHERE id = 1 AND phase <> @done", new { done = Done }, cancellationToken: ct));
        if (saved is { } s)
        {
            return JsonSerializer.Deserialize<SeedStart>(s.Start)! with { Statements = s.Statements, Phase = s.Phase, Resumed = true };
        }

        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM users WHERE openid = @openid)", new { openid = SimulatedWeChatClient.OpenIdFor("province-resident-1") }, cancellationToken: ct)))
        {
            throw new InvalidOperationException("This database already holds a seeded province; seed an empty (or demo) database.");
        }

        var max = await connection.QuerySingleAsync<(long Regions, long Rooms, long Users, long Topics, long Meetings, long Tasks, long Milestones)>(new CommandDefinition(
            """
            SELECT (SELECT COALESCE(MAX(id), 0) FROM regions), (SELECT COALESCE(MAX(id), 0) FROM rooms), (SELECT COALESCE(MAX(id), 0) FROM users),
                   (SELECT COALESCE(MAX(id), 0) FROM topics), (SELECT COALESCE(MAX(id), 0) FROM meetings), (SELECT COALESCE(MAX(id), 0) FROM tasks),
                   (SELECT COALESCE(MAX(id), 0) FROM task_milestones)
            """, cancellationToken: ct));
        var codes = (await connection.QueryAsync<string>(new CommandDefinition("SELECT code FROM regions ORDER BY code", cancellationToken: ct))).ToArray();
        var scenes = (await connection.QueryAsync<string>(new CommandDefinition("SELECT scene FROM rooms ORDER BY scene", cancellationToken: ct))).ToArray();
        var start = new SeedStart(options, max.Regions, max.Rooms, max.Users, max.Topics, max.Meetings, max.Tasks, max.Milestones, codes, scenes);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO seed_progress (id, start, statements, phase, updated_at) VALUES (1, @start, 0, @phase, UTC_TIMESTAMP(3))
            ON DUPLICATE KEY UPDATE start = VALUES(start), statements = 0, phase = VALUES(phase), updated_at = VALUES(updated_at)
            """,
            new { start = JsonSerializer.Serialize(start), phase = Rows }, cancellationToken: ct));
        return start;
    }

    public static Task MarkAsync(MySqlConnection connection, string phase, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE seed_progress SET phase = @phase, updated_at = UTC_TIMESTAMP(3) WHERE id = 1", new { phase }, cancellationToken: ct));
}
