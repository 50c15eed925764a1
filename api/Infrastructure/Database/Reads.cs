using MaShangYi.Api.Infrastructure.Errors;
using MySqlConnector;

namespace MaShangYi.Api.Infrastructure.Database;

/// <summary>
/// The connections of the reads most requests are — a room's landing, lists, a topic, boards, statistics, the caller's
/// grants: a pool of their own whose connections are not reset when opened. MySqlConnector's reset is a round trip of
/// its own, half of a one-query read's round trips; measured alone at 200 a second, a landing cost 11–18 % less without it
/// (docs/benchmarks.md). A read leaves no session state behind: no transaction, no variable, no lock. Changes keep the
/// default pool and its reset.
/// <para>
/// What the reset also did was find a connection whose server went away (a restarted database, a Galera node killed
/// behind HAProxy, a proxy's idle timeout) before it was used. Here such a connection fails on its first query: the
/// read is then run once more, on a new connection, after the pool's idle connections are dropped (they went with it).
/// </para>
/// </summary>
public sealed class Reads(string connectionString)
{
    /// <summary>
    /// The service's connection string without the reset: MySqlConnector's pool of that string (not a data source's), the
    /// one <see cref="MySqlConnection.ClearPoolAsync(MySqlConnection, CancellationToken)"/> clears.
    /// </summary>
    private readonly string _connectionString = new MySqlConnectionStringBuilder(connectionString) { ConnectionReset = false }.ConnectionString;

    /// <summary>
    /// Runs <paramref name="read"/> (queries only: no writes, no transaction, no session settings) on a pooled connection;
    /// once more on a new connection when the first was found dead.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<MySqlConnection, Task<T>> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = new MySqlConnection(_connectionString);
            await connection.OpenAsync(ct);
            try
            {
                return await read(connection);
            }
            catch (Exception ex) when (attempt == 1 && !ct.IsCancellationRequested && DatabaseFailures.IsConnectionLost(ex))
            {
                await MySqlConnection.ClearPoolAsync(connection, ct);
            }
        }
    }
}
