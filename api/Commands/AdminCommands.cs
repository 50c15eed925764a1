using Dapper;
using MaShangYi.Api.Features.Import;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.Extensions.Options;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Commands;

/// <summary>
/// Operator commands run instead of the web server (after migrations):
/// <c>bootstrap-admin</c> makes the first city admin; <c>seed-demo</c> loads the demo city;
/// <c>migrate</c> applies the migrations without Evolve's lock (a cluster's one migration step);
/// <c>rebuild-statistics</c> recomputes the statistics rollups of a period from the base tables. (The benchmark's
/// province is seeded by its own tool, tests/Bench/Seed.)
/// </summary>
public static class AdminCommands
{
    public const string DemoAdminLoginCode = "demo-city-admin";

    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return false;
        }

        var options = ParseOptions(args.Skip(1));
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        switch (args[0])
        {
            case "bootstrap-admin":
                var openId = options.GetValueOrDefault("openid")
                    ?? (options.TryGetValue("login-code", out var code) ? SimulatedWeChatClient.OpenIdFor(code) : null);
                if (openId is null || !options.TryGetValue("region-code", out var regionCode) || !options.TryGetValue("region-name", out var regionName))
                {
                    Console.Error.WriteLine("usage: bootstrap-admin (--openid OPENID | --login-code SIMULATED_CODE) --region-code 320800 --region-name 淮安市");
                    Environment.ExitCode = 2;
                    return true;
                }

                try
                {
                    var userId = await BootstrapAdminAsync(services, openId, regionCode, regionName);
                    Console.WriteLine($"Region admin of {regionName} ({regionCode}) granted to user {userId}.");
                }
                catch (CommandRefusedException ex)
                {
                    Console.Error.WriteLine(ex.Message);
                    Environment.ExitCode = 2;
                }

                return true;
            case "seed-demo":
                await SeedDemoAsync(services);
                return true;
            case "migrate":
                // The one migration step of a cluster (Database__MigrateOnStart=false on the instances): no GET_LOCK.
                DatabaseSetup.Migrate(services.GetRequiredService<MySqlDataSource>(), app.Logger, locked: false);
                Console.WriteLine("Migrations applied.");
                return true;
            case "rebuild-statistics":
                await StatisticsCommand.RunAsync(services, options);
                return true;
            default:
                Console.Error.WriteLine($"unknown command '{args[0]}'. Commands: migrate, bootstrap-admin, seed-demo, rebuild-statistics (a benchmark province: tests/Bench/Seed)");
                Environment.ExitCode = 2;
                return true;
        }
    }

    /// <summary>
    /// Creates the city region if it is missing and makes the user (found or created by openid) its region admin. Safe to
    /// repeat. Refuses a code that is not a city's, or that names a region below the top level: that region belongs to
    /// whoever administers its ancestors, who could take the grant's subtree away.
    /// </summary>
    public static async Task<long> BootstrapAdminAsync(IServiceProvider services, string openId, string regionCode, string regionName)
    {
        if (!RegionCodes.Fits(RegionLevels.City, regionCode, null))
        {
            throw new CommandRefusedException($"--region-code {regionCode} is not a city code: a city's code is 6 digits ending in 00, e.g. 320800. Nothing was changed.");
        }

        var db = services.GetRequiredService<MySqlDataSource>();
        var now = services.GetRequiredService<TimeProvider>().StoredNow();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var existing = await connection.QuerySingleOrDefaultAsync<ExistingRegion>(
            "SELECT level, name, path FROM regions WHERE code = @regionCode FOR UPDATE", new { regionCode }, tx);
        if (existing is { Level: not RegionLevels.City } below)
        {
            throw new CommandRefusedException(
                $"--region-code {regionCode} is already the region {below.Name} ({RegionLevels.Name(below.Level)}, path {below.Path}), below the top level; bootstrap-admin grants a city only. Nothing was changed.");
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO regions (code, parent_id, level, name, path, created_at, updated_at)
            VALUES (@regionCode, NULL, @level, @regionName, @path, @now, @now)
            ON DUPLICATE KEY UPDATE code = code
            """,
            new { regionCode, level = RegionLevels.City, regionName, path = RegionLevels.ChildPath(null, regionCode), now }, tx);
        await connection.ExecuteAsync(
            "INSERT INTO users (openid, created_at, last_login_at) VALUES (@openId, @now, @now) ON DUPLICATE KEY UPDATE openid = openid",
            new { openId, now }, tx);
        var userId = await connection.ExecuteScalarAsync<long>("SELECT id FROM users WHERE openid = @openId", new { openId }, tx);
        await connection.ExecuteAsync(
            """
            INSERT INTO role_grants (user_id, role, region_id, created_at)
            SELECT @userId, @role, id, @now FROM regions WHERE code = @regionCode
            ON DUPLICATE KEY UPDATE role = role
            """,
            new { userId, role = Roles.RegionAdmin, regionCode, now }, tx);
        await tx.CommitAsync();
        return userId;
    }

    private sealed record ExistingRegion(int Level, string Name, string Path);

    private static async Task SeedDemoAsync(IServiceProvider services)
    {
        var csv = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Seed", "demo-city.csv"));
        var outcome = await services.GetRequiredService<Importer>().ImportAsync(csv, null, CancellationToken.None);
        if (outcome.Result is not { } result)
        {
            throw new InvalidOperationException("The demo city file is invalid: " + string.Join("; ", outcome.Errors));
        }

        var adminId = await BootstrapAdminAsync(services, SimulatedWeChatClient.OpenIdFor(DemoAdminLoginCode), "320800", "淮安市");
        await GrantDemoStaffAsync(services);
        await using var connection = await services.GetRequiredService<MySqlDataSource>().OpenConnectionAsync();
        var room = await connection.QuerySingleAsync<(long Id, string Name, string Scene)>(
            "SELECT m.id, m.name, m.scene FROM rooms m JOIN regions r ON r.id = m.region_id WHERE r.code = '320812001001'");
        var baseUrl = services.GetRequiredService<IOptions<PublicOptions>>().Value.BaseUrl.TrimEnd('/');
        Console.WriteLine($"Demo city 淮安市: {result.RegionsCreated} regions and {result.RoomsCreated} rooms added ({result.RoomsUnchanged} already there).");
        Console.WriteLine($"Demo city admin: user {adminId}; in simulated WeChat log in with code \"{DemoAdminLoginCode}\".");
        Console.WriteLine("Demo staff (simulated login codes): " + string.Join(", ", DemoStaff.Select(s => $"{s.Code} ({Roles.ChineseNames[s.Role]}, {s.RegionCode})")));
        Console.WriteLine($"Demo room: {room.Name} (id {room.Id}), scene {room.Scene}");
        Console.WriteLine($"  landing:    {baseUrl}/api/landing?scene={room.Scene}");
        Console.WriteLine($"  code image: {baseUrl}/api/rooms/{room.Id}/code (region admin token)");
        Console.WriteLine($"DEMO_ROOM_ID={room.Id}");
        Console.WriteLine($"DEMO_ROOM_SCENE={room.Scene}");
    }

    /// <summary>Demo people for trying every role in simulated WeChat: log in with these codes.</summary>
    public static readonly (string Code, string Role, string RegionCode, string? Unit)[] DemoStaff =
    [
        ("demo-reviewer", Roles.Reviewer, "320812001", null),
        ("demo-room-admin", Roles.RoomAdmin, "320812001", null),
        ("demo-cppcc", Roles.CppccMember, "320812", null),
        ("demo-volunteer", Roles.Volunteer, "320812001001", null),
        ("demo-implementer", Roles.Implementer, "320812", "清江浦区住建局"),
    ];

    /// <summary>The names the demo people go by, so the console's lists show names as they would for real staff.</summary>
    private static readonly Dictionary<string, string> DemoNames = new()
    {
        [DemoAdminLoginCode] = "周建华", ["demo-reviewer"] = "李晓明", ["demo-room-admin"] = "王秀英",
        ["demo-cppcc"] = "陈志强", ["demo-volunteer"] = "刘红梅", ["demo-implementer"] = "赵国庆",
    };

    private static async Task GrantDemoStaffAsync(IServiceProvider services)
    {
        var now = services.GetRequiredService<TimeProvider>().StoredNow();
        await using var connection = await services.GetRequiredService<MySqlDataSource>().OpenConnectionAsync();
        foreach (var (code, role, regionCode, unit) in DemoStaff)
        {
            var openId = SimulatedWeChatClient.OpenIdFor(code);
            await connection.ExecuteAsync(
                "INSERT INTO users (openid, created_at, last_login_at) VALUES (@openId, @now, @now) ON DUPLICATE KEY UPDATE openid = openid",
                new { openId, now });
            await connection.ExecuteAsync(
                """
                INSERT INTO role_grants (user_id, role, region_id, unit, created_at)
                SELECT u.id, @role, r.id, @unit, @now FROM users u, regions r WHERE u.openid = @openId AND r.code = @regionCode
                ON DUPLICATE KEY UPDATE role = role
                """,
                new { role, unit, now, openId, regionCode });
        }

        foreach (var (code, name) in DemoNames)
        {
            await connection.ExecuteAsync(
                "UPDATE users SET display_name = COALESCE(display_name, @name) WHERE openid = @openId",
                new { name, openId = SimulatedWeChatClient.OpenIdFor(code) });
        }
    }

    /// <summary>--key value pairs, as the commands here and the benchmark's seed tool take them.</summary>
    public static Dictionary<string, string> ParseOptions(IEnumerable<string> args)
    {
        var result = new Dictionary<string, string>();
        string? key = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                key = arg[2..];
            }
            else if (key is not null)
            {
                result[key] = arg;
                key = null;
            }
        }

        return result;
    }
}
