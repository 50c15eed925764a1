using MySqlConnector;

namespace MaShangYi.Api.Infrastructure.Database;

/// <summary>
/// A transaction the database rolled back whole so that another could go on is run again: InnoDB picks a victim when two
/// transactions wait on each other, and a Galera cluster refuses at commit the later of two conflicting write sets (a
/// certification failure, reported with the same deadlock code — also for a single statement). A node that has just
/// left or not yet rejoined the cluster answers "WSREP has not yet prepared node for application use" until the load
/// balancer stops sending it work. Each attempt is the whole transaction on a fresh connection, never a half of one;
/// callers pass only changes that are safe to run again (idempotent by key or re-checked inside). After a few attempts
/// the caller is told to retry (503 with Retry-After).
/// </summary>
public static class Deadlocks
{
    private const int Attempts = 4;

    // MySqlErrorCode.UnknownCommand (1047, ER_UNKNOWN_COM_ERROR) is what a Galera node outside the primary component answers to any query.
    private static readonly HashSet<MySqlErrorCode> Retried = [MySqlErrorCode.LockDeadlock, MySqlErrorCode.UnknownCommand];

    /// <summary>Whether the whole transaction may be run again: the database rolled it back so that others could go on.</summary>
    public static bool IsRetryable(MySqlException ex) => Retried.Contains(ex.ErrorCode);

    public static async Task<T> RetryAsync<T>(Func<Task<T>> attempt, CancellationToken ct)
    {
        for (var tried = 1; ; tried++)
        {
            try
            {
                return await attempt();
            }
            catch (MySqlException ex) when (tried < Attempts && IsRetryable(ex))
            {
                // A random pause that grows with each attempt (full jitter), so the two do not meet again at once.
                await Task.Delay(Random.Shared.Next(2, 10 << tried), ct);
            }
        }
    }
}
