namespace MaShangYi.Api.Infrastructure.Database;

/// <summary>
/// A request's work goes on when its client goes away: a phone on a poor network that drops the connection mid-submission
/// still has its topic recorded (and its retry with the same Idempotency-Key gets that topic back), and a staff action is
/// carried out rather than abandoned half-way between the content check and the transaction.
/// <para>
/// It also keeps the database connections out of two synchronous paths. MySqlConnector cancels a running command by
/// opening a second connection and sending <c>KILL QUERY</c>, then clears the pending kill with a round trip of its own,
/// both synchronously, on the thread that cancelled. A synchronous read on a socket that has been used asynchronously
/// can wait forever on this runtime with its reply already in the socket's buffer (docs/benchmarks.md, *A read that
/// waited forever*). A request's database work is milliseconds and bounded by the command timeout; nothing is gained by
/// cancelling it.
/// </para>
/// </summary>
public static class ClientAborts
{
    public static WebApplication UseWorkThatOutlivesItsClient(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.RequestAborted = CancellationToken.None;
            return next(context);
        });
        return app;
    }
}
