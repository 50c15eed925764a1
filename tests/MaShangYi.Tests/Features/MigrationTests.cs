using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace MaShangYi.Tests.Features;

public sealed class MigrationTests
{
    [Test]
    public async Task TheMigrationsApplyToAnEmptyDatabaseAndAgainChangeNothing()
    {
        var name = "mashangyi_empty_" + Guid.NewGuid().ToString("N")[..8];
        var server = new MySqlConnectionStringBuilder(TestRun.ConnectionString) { Database = "" };
        await using (var admin = new MySqlConnection(server.ConnectionString))
        {
            await admin.ExecuteAsync($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }

        var target = new MySqlConnectionStringBuilder(TestRun.ConnectionString) { Database = name }.ConnectionString;
        try
        {
            await using var dataSource = new MySqlDataSource(target);
            DatabaseSetup.Migrate(dataSource, NullLogger.Instance);
            DatabaseSetup.Migrate(dataSource, NullLogger.Instance);

            await using var connection = new MySqlConnection(target);
            var tables = (await connection.QueryAsync<string>(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = @name", new { name })).ToList();
            Assert.That(tables, Is.SupersetOf(new[] { "regions", "rooms", "room_code_images", "users", "role_grants", "refresh_tokens", "schema_changelog" }));
            var applied = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_changelog WHERE type = 0 AND success = 1");
            var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "db-migrations"), "V*.sql").Length;
            Assert.That(applied, Is.EqualTo(files), "each versioned migration applied exactly once");
        }
        finally
        {
            await using var admin = new MySqlConnection(server.ConnectionString);
            await admin.ExecuteAsync($"DROP DATABASE `{name}`");
        }
    }
}
