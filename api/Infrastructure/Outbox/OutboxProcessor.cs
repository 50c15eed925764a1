using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Background;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Infrastructure.Outbox;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Run the worker in this instance. Every instance may: claims keep them from sending an item twice.</summary>
    public bool Enabled { get; set; } = true;

    public int BatchSize { get; set; } = 20;

    public int PollSeconds { get; set; } = 5;

    /// <summary>How long a claim holds; an instance that dies mid-send releases its items when this passes.</summary>
    public int ClaimSeconds { get; set; } = 60;

    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry waits this long; each next one twice as long, up to an hour.</summary>
    public int FirstRetrySeconds { get; set; } = 30;
}

/// <summary>
/// Claims due outbox items and hands each to its kind's handler. A claim is one conditional UPDATE ... LIMIT
/// marking rows with this batch's claim id: InnoDB locks and re-checks each row, so two instances never claim the
/// same item. An item whose claim expired (its instance died) is claimed again.
/// </summary>
public sealed class OutboxProcessor(MySqlDataSource db, IEnumerable<IOutboxHandler> handlers, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxProcessor> logger)
{
    private readonly Dictionary<string, IOutboxHandler> _handlers = handlers.ToDictionary(h => h.Kind);
    private readonly OutboxOptions _options = options.Value;

    /// <summary>Processes one batch; returns how many items it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var claimId = Guid.NewGuid().ToString("N");
        var now = clock.StoredNow();
        List<OutboxItem> items;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE outbox SET status = 'sending', claim_id = @claimId, claimed_until = @until, attempts = attempts + 1
                WHERE kind IN @kinds
                  AND ((status = 'pending' AND next_attempt_at <= @now) OR (status = 'sending' AND claimed_until < @now))
                ORDER BY next_attempt_at, id
                LIMIT @BatchSize
                """,
                new { claimId, until = now.AddSeconds(_options.ClaimSeconds), now, kinds = _handlers.Keys.ToArray(), _options.BatchSize },
                cancellationToken: ct));
            items = (await connection.QueryAsync<OutboxItem>(new CommandDefinition(
                "SELECT id, kind, payload, attempts, handed_over_at AS HandedOverAt FROM outbox WHERE claim_id = @claimId AND status = 'sending' ORDER BY id",
                new { claimId }, cancellationToken: ct))).AsList();
        }

        foreach (var item in items)
        {
            var handler = _handlers[item.Kind];
            OutboxResult result;
            if (item.HandedOverAt is not null && !handler.SendAgainWhenInDoubt)
            {
                logger.LogWarning("Outbox item {Id} ({Kind}) was being sent when its instance stopped; not sent again", item.Id, item.Kind);
                result = OutboxResult.Drop(InDoubt);
            }
            else if (handler.SendAgainWhenInDoubt && !await HandOverAsync(item, claimId, ct))
            {
                continue; // the claim ran out and another instance holds the item now
            }
            else
            {
                try
                {
                    // An at-most-once handler marks the hand-over itself, right before its external call.
                    result = await handler.HandleAsync(item with { HandOver = token => HandOverAsync(item, claimId, token) }, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Outbox item {Id} ({Kind}) failed", item.Id, item.Kind);
                    result = OutboxResult.Retry(ex.GetType().Name + ": " + ex.Message);
                }
            }

            await FinishRecordedAsync(item, claimId, result, ct);
        }

        return items.Count;
    }

    /// <summary>Why an item was dropped unsent: see <see cref="IOutboxHandler.SendAgainWhenInDoubt"/>.</summary>
    public const string InDoubt = "in doubt: its instance stopped while sending it, and this kind is sent at most once";

    /// <summary>Marks the item as handed to its handler under this claim, if the claim still holds.</summary>
    private async Task<bool> HandOverAsync(OutboxItem item, string claimId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET handed_over_at = @now WHERE id = @Id AND claim_id = @claimId AND claimed_until > @now",
            new { now = clock.StoredNow(), item.Id, claimId }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Records the outcome of an item already handed over. If the database is failing over just then, recording is tried
    /// again for a few seconds: an item left 'sending' would be claimed again when its claim expires and sent twice.
    /// </summary>
    private async Task FinishRecordedAsync(OutboxItem item, string claimId, OutboxResult result, CancellationToken ct)
    {
        for (var tried = 1; ; tried++)
        {
            try
            {
                await FinishAsync(item, claimId, result, ct);
                return;
            }
            catch (Exception ex) when (tried < 8 && DatabaseFailures.IsUnavailable(ex))
            {
                await Task.Delay(Random.Shared.Next(250, 500 * tried), ct);
            }
        }
    }

    private async Task FinishAsync(OutboxItem item, string claimId, OutboxResult result, CancellationToken ct)
    {
        var now = clock.StoredNow();
        var exhausted = result.Outcome == OutboxOutcome.Retry && item.Attempts >= _options.MaxAttempts;
        var status = result.Outcome switch
        {
            OutboxOutcome.Sent => "sent",
            OutboxOutcome.Drop => "dropped",
            _ => exhausted ? "failed" : "pending",
        };
        var delay = TimeSpan.FromSeconds(Math.Min(3600, _options.FirstRetrySeconds * Math.Pow(2, Math.Max(0, item.Attempts - 1))));
        await using var connection = await db.OpenConnectionAsync(ct);
        // Only the holder of the claim may finish the item: a claim that expired and was taken over is not ours.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE outbox SET status = @status, claim_id = NULL, claimed_until = NULL, handed_over_at = NULL, last_error = @error,
                              next_attempt_at = @next, finished_at = @finished
            WHERE id = @Id AND claim_id = @claimId
            """,
            new
            {
                status,
                error = result.Error is null ? null : result.Error[..Math.Min(result.Error.Length, 500)],
                next = now.Add(delay),
                finished = status == "pending" ? (DateTime?)null : now,
                item.Id,
                claimId,
            },
            cancellationToken: ct));
    }
}

/// <summary>Runs the processor in the background of every API instance.</summary>
public sealed class OutboxWorker(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxWorker> logger)
    : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Outbox batch";

    protected override TimeSpan Pause => TimeSpan.FromSeconds(options.Value.PollSeconds);

    protected override async Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<OutboxProcessor>().RunOnceAsync(ct) > 0;
}

public static class OutboxSetup
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        services.AddScoped<OutboxProcessor>();
        if (configuration.GetValue($"{OutboxOptions.Section}:{nameof(OutboxOptions.Enabled)}", true))
        {
            services.AddHostedService<OutboxWorker>();
        }

        return services;
    }

    public static IServiceCollection AddOutboxHandler<T>(this IServiceCollection services)
        where T : class, IOutboxHandler => services.AddScoped<IOutboxHandler, T>();
}
