namespace MaShangYi.Api.Infrastructure.Background;

/// <summary>
/// Background work that runs on every API instance (the outbox, reminders, statistics folding): a round in a fresh
/// scope, then a pause unless the round says more is waiting. A failed round — typically the database restarting — is
/// logged and tried again after the pause, so the worker outlives any outage.
/// </summary>
public abstract class PollingWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>What the log calls this work.</summary>
    protected abstract string Work { get; }

    /// <summary>Whether this instance does the work at all (read once, at start).</summary>
    protected virtual bool Enabled => true;

    /// <summary>The pause after a round that left nothing waiting, or failed.</summary>
    protected abstract TimeSpan Pause { get; }

    /// <summary>One round; true when more is waiting and the next round should start at once.</summary>
    protected abstract Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                more = await RunRoundAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "{Work} failed; trying again after the pause", Work);
            }

            if (!more)
            {
                await Task.Delay(Pause, clock, stoppingToken);
            }
        }
    }
}
