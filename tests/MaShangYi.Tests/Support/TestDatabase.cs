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

    /// <summary>
    /// A free loopback port below the range the kernel hands out to outgoing connections: the server binds it seconds
    /// later (after mariadb-install-db), and again after each restart, and a port in that range may meanwhile become the
    /// local end of some connection (scripts/test.sh chooses the cluster's ports the same way).
    /// </summary>
    private static int FreePort()
    {
        var low = 32768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            low = int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture) is var first && first > 21000 ? first : low;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux, or not readable: the usual start of the range.
        }

        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20000, low);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (attempt < 100)
            {
                // Taken: another.
            }
        }
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
