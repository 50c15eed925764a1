using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Outbox;
using MaShangYi.Api.Infrastructure.Privacy;
using MaShangYi.Api.Infrastructure.Time;
using MySqlConnector;

namespace MaShangYi.Api.Features.Channels;

/// <summary>
/// Each status change of a channel's item is written to the outbox in the change's own transaction (the change
/// never waits for the channel); the submission itself is not called back, its answer already said it.
/// </summary>
public sealed class ChannelCallbackObserver : ITopicObserver
{
    /// <summary>
    /// The payload (<see cref="ChannelCallbackHandler.Payload"/>, as the outbox's JSON names it) built by the statement
    /// itself, so finding the channel costs no round trip of its own; none when the topic is no channel's item.
    /// </summary>
    private const string EnqueueSql = """
        INSERT INTO outbox (kind, payload, status, next_attempt_at, created_at)
        SELECT @callbackKind, JSON_OBJECT('channelId', c.id, 'topicId', i.topic_id, 'action', @callbackAction, 'fromStatus', @callbackFrom,
                                          'toStatus', @callbackTo, 'changedAt', @callbackAt),
               'pending', @callbackNow, @callbackNow
        FROM channel_items i JOIN channels c ON c.id = i.channel_id
        WHERE i.topic_id = @callbackTopic AND c.callback_url IS NOT NULL AND c.revoked_at IS NULL
        """;

    public Task OnChangedAsync(TopicChange change)
    {
        if (change.Action != ActionName.Submit)
        {
            change.Script.Add(EnqueueSql, new
            {
                callbackKind = ChannelCallbackHandler.OutboxKind, callbackAction = change.Action, callbackFrom = change.FromStatus, callbackTo = change.ToStatus,
                callbackAt = JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(change.Now, Outbox.Json)), callbackNow = change.Now, callbackTopic = change.TopicId,
            });
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// POSTs one status change to the channel's callback URL, signed: <c>X-MaShangYi-Signature: sha256=hex(HMAC-SHA256(secret,
/// timestamp + "." + body))</c> with <c>X-MaShangYi-Timestamp</c> (Unix seconds). Network errors, 408, 429 and 5xx are
/// retried with the outbox's backoff; other 4xx, and a host that resolves only to internal addresses, are dropped. The body shows the request as it stands when sent.
/// </summary>
public sealed class ChannelCallbackHandler(MySqlDataSource db, PersonalData secrets, IHttpClientFactory clients, TimeProvider clock) : IOutboxHandler
{
    public const string OutboxKind = "channel_callback";
    public const string HttpClientName = "channel-callbacks";
    public const string SignatureHeader = "X-MaShangYi-Signature";
    public const string TimestampHeader = "X-MaShangYi-Timestamp";
    public const string EventIdHeader = "X-MaShangYi-Event-Id";

    public sealed record Payload(long ChannelId, long TopicId, string Action, string? FromStatus, string ToStatus, DateTime ChangedAt);

    public sealed record Body(
        [property: JsonPropertyName("event_id")] long EventId,
        [property: JsonPropertyName("action")] string Action,
        [property: JsonPropertyName("from_status")] string? FromStatus,
        [property: JsonPropertyName("to_status")] string ToStatus,
        [property: JsonPropertyName("changed_datetime")] DateTimeOffset ChangedDatetime,
        [property: JsonPropertyName("service_request")] Open311ServiceRequest ServiceRequest);

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    public string Kind => OutboxKind;

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken ct)
    {
        var payload = item.Read<Payload>();
        await using var connection = await db.OpenConnectionAsync(ct);
        var channel = await connection.QuerySingleOrDefaultAsync<(string? Url, byte[] Secret, DateTime? RevokedAt)>(new CommandDefinition(
            "SELECT callback_url, signing_secret_enc, revoked_at FROM channels WHERE id = @ChannelId", new { payload.ChannelId }, cancellationToken: ct));
        if (channel.Url is null || channel.RevokedAt is not null)
        {
            return OutboxResult.Drop("the channel has no callback URL or was revoked");
        }

        var request = await Open311Status.ByTopicAsync(connection, payload.ChannelId, payload.TopicId, ct);
        if (request is null)
        {
            return OutboxResult.Drop("the item is not the channel's");
        }

        var body = JsonSerializer.Serialize(
            new Body(item.Id, payload.Action, payload.FromStatus, payload.ToStatus, new DateTimeOffset(DateTime.SpecifyKind(payload.ChangedAt, DateTimeKind.Utc)), request), Json);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var message = new HttpRequestMessage(HttpMethod.Post, channel.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        message.Headers.Add(TimestampHeader, timestamp);
        message.Headers.Add(SignatureHeader, Sign(secrets.Decrypt(channel.Secret)!, timestamp, body));
        message.Headers.Add(EventIdHeader, item.Id.ToString(CultureInfo.InvariantCulture));
        var (result, httpStatus) = await SendAsync(message, ct);
        await ChannelDeliveries.RecordAsync(connection, payload.ChannelId, payload.TopicId, item, result, httpStatus, clock.StoredNow(), ct);
        return result;
    }

    private async Task<(OutboxResult Result, int? HttpStatus)> SendAsync(HttpRequestMessage message, CancellationToken ct)
    {
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(message, ct);
            var status = (int)response.StatusCode;
            return (response.IsSuccessStatusCode ? OutboxResult.Sent
                : status is 408 or 429 || status >= 500 ? OutboxResult.Retry($"HTTP {status}")
                : OutboxResult.Drop($"HTTP {status}"), status);
        }
        catch (HttpRequestException ex) when (ex.InnerException is CallbackAddressRefusedException refused)
        {
            return (OutboxResult.Drop(refused.Message), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (OutboxResult.Retry(ex.GetType().Name + ": " + ex.Message), null);
        }
    }

    /// <summary>What the receiver recomputes with its signing secret and compares in constant time.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
}
