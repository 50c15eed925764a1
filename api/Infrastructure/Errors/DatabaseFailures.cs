using MySqlConnector;

namespace MaShangYi.Api.Infrastructure.Errors;

/// <summary>Which database failures are about the database (or the link to it) rather than about the request.</summary>
public static class DatabaseFailures
{
    /// <summary>
    /// The database is restarting, overloaded or unreachable — not a bug in the request: answer 503 at once with
    /// retry advice. Besides a lost connection this includes what a retry may cure: timeouts, lock waits, deadlocks.
    /// </summary>
    public static bool IsUnavailable(Exception ex) =>
        IsConnectionLost(ex) || Chain(ex).Any(e => e is MySqlException db && (db.IsTransient || RetryCodes.Contains(db.ErrorCode)));

    /// <summary>
    /// The connection itself failed: no connection to be had, or the server went away mid-query. A connection dropped
    /// mid-query surfaces as ErrorCode None with an end-of-stream or I/O cause; MariaDB kills open connections on
    /// shutdown (1927). A connection MySqlConnector has already marked broken is refused before any I/O ("Connection
    /// must be Open; current state is Broken"): a cluster's fault test met it when a read's next result was asked for
    /// on a connection to the node just killed. The whole cause chain is looked at.
    /// </summary>
    public static bool IsConnectionLost(Exception ex) => Chain(ex).Any(e => e switch
    {
        MySqlException db => LostCodes.Contains(db.ErrorCode) || (int)db.ErrorCode == MariaDbConnectionKilled,
        MySqlEndOfStreamException or MySqlProtocolException or System.Net.Sockets.SocketException or IOException => true,
        InvalidOperationException { Source: "MySqlConnector" } refused => refused.Message.EndsWith(nameof(System.Data.ConnectionState.Broken), StringComparison.Ordinal),
        _ => false,
    });

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private const int MariaDbConnectionKilled = 1927;

    private static readonly HashSet<MySqlErrorCode> LostCodes =
    [
        MySqlErrorCode.UnableToConnectToHost, MySqlErrorCode.ServerShutdown, MySqlErrorCode.NormalShutdown, MySqlErrorCode.ShutdownComplete,
        MySqlErrorCode.AbortingConnection, MySqlErrorCode.NewAbortingConnection, MySqlErrorCode.NetReadInterrupted, MySqlErrorCode.NetWriteInterrupted,
        MySqlErrorCode.ConnectionCountError, MySqlErrorCode.TooManyUserConnections,
    ];

    // UnknownCommand (1047, ER_UNKNOWN_COM_ERROR): a Galera node outside the primary component ("WSREP has not yet prepared node for
    // application use"); LockDeadlock: a deadlock or a Galera certification failure that outlasted Deadlocks' attempts.
    private static readonly HashSet<MySqlErrorCode> RetryCodes =
        [MySqlErrorCode.CommandTimeoutExpired, MySqlErrorCode.QueryInterrupted, MySqlErrorCode.UnknownCommand, MySqlErrorCode.LockDeadlock];
}
