namespace MaShangYi.Api.Infrastructure.Database;

/// <summary>
/// A request's work goes on when its client goes away: a phone on a poor network that drops the connection mid-submission
/// still has its topic recorded (and its retry with the same Idempotency-Key gets that topic back), and a staff action is
/// carried out rather than abandoned half-way between the content check and the transaction.
/// <para>
/// It also keeps the reads off MySqlConnector's cancellation: a <c>KILL QUERY</c> sent from a second connection it
/// opens synchronously, on the thread that cancelled, then a round trip to clear the pending kill. Such a kill racing a
/// multi-result read left reads waiting forever for a result the server never sent (docs/benchmarks.md, *A read that
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
