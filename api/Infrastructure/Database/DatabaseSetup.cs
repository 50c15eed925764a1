using EvolveDb;
using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace MaShangYi.Api.Infrastructure.Database;

public static class DatabaseSetup
{
    /// <summary>
    /// Registers the pooled <see cref="MySqlDataSource"/> every change opens connections from, and <see cref="Reads"/>,
    /// the pool of the reads.
    /// </summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}"] ?? "";
        // Every timestamp we store is UTC; reading it back as Utc keeps TimeProvider comparisons honest.
        var builder = new MySqlConnectionStringBuilder(connectionString) { DateTimeKind = MySqlDateTimeKind.Utc };
        services.AddMySqlDataSource(builder.ConnectionString);
        services.AddSingleton(new Reads(builder.ConnectionString));
        return services;
    }

    /// <summary>Applies db-migrations/ with Evolve. Safe with several instances starting at once (Evolve locks).</summary>
    public static void MigrateDatabase(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (!options.MigrateOnStart)
        {
            return;
        }

        Migrate(app.Services.GetRequiredService<MySqlDataSource>(), app.Logger);
    }

    /// <summary>
    /// Applies the migrations. <paramref name="locked"/> takes Evolve's lock (GET_LOCK) so several instances may start at
    /// once on one server; a Galera node refuses GET_LOCK (and it would not replicate), so the cluster runs the
    /// <c>migrate</c> command once, unlocked, before any instance starts (docs/scale-out.md).
    /// </summary>
    public static void Migrate(MySqlDataSource dataSource, ILogger logger, bool locked = true)
    {
        using var connection = dataSource.CreateConnection();
        var evolve = new Evolve(connection, message => logger.LogInformation("{EvolveMessage}", message))
        {
            Locations = [Path.Combine(AppContext.BaseDirectory, "db-migrations")],
            MetadataTableName = "schema_changelog",
            IsEraseDisabled = true,
            EnableClusterMode = locked,
        };
        evolve.Migrate();
    }
}
