using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;
using Testcontainers.MySql;

namespace MaShangYi.Tests.Support;

/// <summary>
/// A real MySQL-compatible server for the test run, chosen in this order: MASHANGYI_TEST_DB (a server
/// connection string; a fresh database is created on it), a MySQL 8 container where Docker runs, or a
/// throwaway MariaDB started from Debian's mariadbd in a temporary folder (no Docker needed).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private MySqlContainer? _container;
    private ProcessStartInfo? _start;
    private Process? _mariadb;
    private string? _folder;

    public string ConnectionString { get; private set; } = "";

    public static async Task<TestDatabase> StartAsync()
    {
        var db = new TestDatabase();
        var server = Environment.GetEnvironmentVariable("MASHANGYI_TEST_DB");
        if (string.IsNullOrWhiteSpace(server))
        {
            server = DockerAvailable() ? await db.StartContainerAsync() : await db.StartMariaDbAsync();
        }

        db.ConnectionString = await CreateDatabaseAsync(server);
        return db;
    }

    private static bool DockerAvailable() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists("/var/run/docker.sock");

    private async Task<string> StartContainerAsync()
    {
        _container = new MySqlBuilder("mysql:8.4").WithUsername("root").WithPassword("test").Build();
        await _container.StartAsync();
        return _container.GetConnectionString();
    }

    private async Task<string> StartMariaDbAsync()
    {
        var mariadbd = new[] { "/usr/sbin/mariadbd", "/usr/bin/mariadbd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("No database for the tests: install Debian's mariadb-server (the README's test command does), run Docker, or set MASHANGYI_TEST_DB.");
        _folder = Directory.CreateTempSubdirectory("mashangyi-test-db-").FullName;
        var port = FreePort();
        var root = Environment.UserName == "root" ? "--user=root" : "";
        await RunAsync("mariadb-install-db", $"--no-defaults --datadir={_folder}/data {root} --auth-root-authentication-method=normal --skip-test-db");
        _start = new ProcessStartInfo(mariadbd,
            $"--no-defaults --datadir={_folder}/data --socket={_folder}/mysqld.sock --pid-file={_folder}/mysqld.pid --port={port} " +
            $"--bind-address=127.0.0.1 {root} --skip-log-bin --log-error={_folder}/error.log --tmpdir={_folder} --innodb-buffer-pool-size=256M " +
            "--innodb-flush-log-at-trx-commit=2 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --max-connections=500")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _mariadb = Process.Start(_start)!;
        var admin = $"Server=127.0.0.1;Port={port};User ID=root;Password=;";
        await WaitUntilUpAsync(admin);
        return admin;
    }

    /// <summary>Whether <see cref="StopAsync"/> and <see cref="StartAgainAsync"/> can be used (a MariaDB the tests started).</summary>
    public bool CanRestart => _start is not null;

    /// <summary>Shuts the server down cleanly (SIGTERM, as systemd would), so every committed transaction is on disk.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", $"-TERM {_mariadb!.Id}"))
        {
            await kill!.WaitForExitAsync();
        }

        await _mariadb.WaitForExitAsync();
    }

    public async Task StartAgainAsync()
    {
        _mariadb?.Dispose();
        _mariadb = Process.Start(_start!)!;
        await WaitUntilUpAsync(new MySqlConnectionStringBuilder(ConnectionString) { Database = "" }.ConnectionString);
    }

    private async Task WaitUntilUpAsync(string admin)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                await using var connection = new MySqlConnection(admin);
                await connection.OpenAsync();
                return;
            }
            catch (MySqlException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"MariaDB did not start; see {_folder}/error.log");
    }

    private static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = "mashangyi_test_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new MySqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new MySqlCommand($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new MySqlConnectionStringBuilder(server) { Database = name, AllowUserVariables = true }.ConnectionString;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_mariadb is { HasExited: false })
        {
            _mariadb.Kill();
            await _mariadb.WaitForExitAsync();
        }

        _mariadb?.Dispose();
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
