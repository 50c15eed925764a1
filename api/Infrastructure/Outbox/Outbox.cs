using System.Text.Json;
using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using MySqlConnector;

namespace MaShangYi.Api.Infrastructure.Outbox;

/// <summary>What a handler made of one outbox item.</summary>
public enum OutboxOutcome
{
    /// <summary>Done; never sent again.</summary>
    Sent,
    /// <summary>A transient failure: try again later, with backoff, until the attempts run out.</summary>
    Retry,
    /// <summary>Will never succeed (e.g. the user refused: 43101); not retried.</summary>
    Drop,
}

public sealed record OutboxResult(OutboxOutcome Outcome, string? Error = null)
{
    public static readonly OutboxResult Sent = new(OutboxOutcome.Sent);

    public static OutboxResult Retry(string error) => new(OutboxOutcome.Retry, error);

    public static OutboxResult Drop(string reason) => new(OutboxOutcome.Drop, reason);
}

/// <summary>
/// One claimed item, as its handler sees it. <paramref name="HandedOverAt"/> is set when an earlier claim handed it to
/// its handler and never recorded the outcome: its instance died mid-send.
/// </summary>
public sealed record OutboxItem(long Id, string Kind, string Payload, int Attempts, DateTime? HandedOverAt = null)
{
    /// <summary>Set by the processor for an at-most-once kind: see <see cref="HandOverAsync"/>.</summary>
    public Func<CancellationToken, Task<bool>>? HandOver { get; init; }

    /// <summary>
    /// An at-most-once handler (<see cref="IOutboxHandler.SendAgainWhenInDoubt"/> false) calls this right before its
    /// external call: it records that the send begins, if the claim still holds (false: another instance holds the
    /// item now; do not send). Work before it (reading the recipient) can fail and be retried without doubt.
    /// </summary>
    public Task<bool> HandOverAsync(CancellationToken ct) => HandOver?.Invoke(ct) ?? Task.FromResult(true);

    public T Read<T>() => JsonSerializer.Deserialize<T>(Payload, Outbox.Json)!;
}

/// <summary>Sends the items of one kind. Registered with <see cref="OutboxSetup.AddOutboxHandler{T}"/>.</summary>
public interface IOutboxHandler
{
    string Kind { get; }

    /// <summary>
    /// Whether an item whose earlier send may or may not have happened (its instance died during it) is sent again:
    /// at least once (true; the item is handed over before the handler runs) or at most once (false; the handler calls
    /// <see cref="OutboxItem.HandOverAsync"/> right before its external call).
    /// </summary>
    bool SendAgainWhenInDoubt => true;

    Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken ct);
}

/// <summary>Writes outbox items inside the caller's transaction, so they exist exactly when the change does.</summary>
public static class Outbox
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Enqueues <paramref name="payload"/> for the handler of <paramref name="kind"/>. With a <paramref name="dedupeKey"/>,
    /// a second enqueue of the same (kind, key) is ignored and false is returned.
    /// </summary>
    public static async Task<bool> EnqueueAsync(
        MySqlConnection connection, MySqlTransaction? tx, string kind, object payload, DateTime now, string? dedupeKey = null, DateTime? notBefore = null, CancellationToken ct = default)
    {
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO outbox (kind, dedupe_key, payload, status, next_attempt_at, created_at)
            VALUES (@kind, @dedupeKey, @payload, 'pending', @notBefore, @now)
            ON DUPLICATE KEY UPDATE id = id
            """,
            new { kind, dedupeKey, payload = JsonSerializer.Serialize(payload, Json), notBefore = notBefore ?? now, now }, tx, cancellationToken: ct));
        return inserted == 1;
    }

    /// <summary>Enqueues each of <paramref name="payloads"/> (none deduplicated) for the handler of <paramref name="kind"/>, in one statement.</summary>
    public static async Task EnqueueAsync(MySqlConnection connection, MySqlTransaction? tx, string kind, IReadOnlyList<object> payloads, DateTime now, CancellationToken ct = default)
    {
        if (payloads.Count == 0)
        {
            return;
        }

        var parameters = new DynamicParameters();
        var rows = SqlRows.Values(parameters, "o", payloads, payload => [kind, JsonSerializer.Serialize(payload, Json), "pending", now, now]);
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO outbox (kind, payload, status, next_attempt_at, created_at) VALUES {rows}", parameters, tx,
            cancellationToken: ct, flags: SqlRows.Generated));
    }
}
