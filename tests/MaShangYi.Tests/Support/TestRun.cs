using MaShangYi.Tests.Support;
using MySqlConnector;
using Respawn;

namespace MaShangYi.Tests;

/// <summary>One database and one API for the whole test assembly; state is wiped between tests.</summary>
[SetUpFixture]
public sealed class TestRun
{
    private static TestDatabase? _database;
    private static ApiFactory? _factory;
    private static Respawner? _respawner;

    public static TestDatabase Database => _database ?? throw new InvalidOperationException("The test run has not started.");

    public static ApiFactory Api => _factory ?? throw new InvalidOperationException("The test run has not started.");

    public static string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("The test run has not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.StartAsync();
        _factory = new ApiFactory(_database.ConnectionString);
        _ = _factory.Server; // builds the host: options are validated and migrations applied here
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.MySql,
            // Reference data seeded by migrations stays; tests that edit it put it back.
            TablesToIgnore = ["schema_changelog", "topic_categories", "review_criteria"],
        });
    }

    public static async Task ResetAsync()
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await _respawner!.ResetAsync(connection);
        Api.WeChat.Reset();
        Api.Observer.Reset();
        TestOutboxHandler.Reset();
        Api.Log.Clear();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
