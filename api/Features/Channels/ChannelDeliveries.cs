using Dapper;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Outbox;
using MaShangYi.Api.Infrastructure.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;

namespace MaShangYi.Api.Features.Channels;

/// <summary>
/// Every attempt to call a channel back is recorded, so the city admin sees whether the channel's receiver answers: the
/// last delivery, how many attempts in a row failed, and the recent attempts with their HTTP status.
/// </summary>
public static class ChannelDeliveries
{
    /// <summary>Where a channel's callbacks stand; null on a channel never called back.</summary>
    public sealed record CallbackStatus(DateTime LastDeliveryAt, string LastStatus, int FailuresInRow);

    public sealed record Delivery(DateTime At, string TopicReceiptNo, string Status, int? HttpStatus, int Attempts);

    public sealed record DeliveryList(IReadOnlyList<Delivery> Items);

    public static async Task RecordAsync(
        MySqlConnection connection, long channelId, long topicId, OutboxItem item, OutboxResult result, int? httpStatus, DateTime now, CancellationToken ct)
    {
        var status = result.Outcome switch
        {
            OutboxOutcome.Sent => "sent",
            OutboxOutcome.Drop => "dropped",
            _ => "failed",
        };
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO channel_deliveries (channel_id, topic_id, outbox_id, attempt, status, http_status, error, at)
            VALUES (@channelId, @topicId, @Id, @Attempts, @status, @httpStatus, @error, @now)
            """,
            new { channelId, topicId, item.Id, item.Attempts, status, httpStatus, error = result.Error is { } e ? e[..Math.Min(e.Length, 200)] : null, now },
            cancellationToken: ct));
    }

    /// <summary>The callback status of each of <paramref name="channelIds"/> that was ever called back.</summary>
    public static async Task<Dictionary<long, CallbackStatus>> StatusesAsync(MySqlConnection connection, long[] channelIds, CancellationToken ct)
    {
        if (channelIds.Length == 0)
        {
            return [];
        }

        var rows = await connection.QueryAsync<(long ChannelId, DateTime At, string Status, long Failures)>(new CommandDefinition(
            """
            SELECT d.channel_id, d.at, d.status,
                   (SELECT COUNT(*) FROM channel_deliveries f
                    WHERE f.channel_id = d.channel_id AND f.status <> 'sent'
                      AND f.id > COALESCE((SELECT MAX(s.id) FROM channel_deliveries s WHERE s.channel_id = d.channel_id AND s.status = 'sent'), 0))
            FROM channel_deliveries d
            JOIN (SELECT channel_id, MAX(id) AS id FROM channel_deliveries WHERE channel_id IN @channelIds GROUP BY channel_id) last ON last.id = d.id
            """,
            new { channelIds }, cancellationToken: ct));
        return rows.ToDictionary(r => r.ChannelId, r => new CallbackStatus(r.At, r.Status, (int)r.Failures));
    }

    public static IEndpointRouteBuilder MapChannelDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/channels/{id:long}/deliveries", List)
            .WithTags("Intake channels")
            .RequireAuthorization()
            .WithSummary("The channel's most recent callback attempts, newest first: when, which item, the outcome and the receiver's HTTP status (city admin)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<Results<Ok<DeliveryList>, ProblemHttpResult, ValidationProblem>> List(
        long id, int? limit, CallerAccessor callers, MySqlDataSource db, CancellationToken ct)
    {
        if (!PageSize.TryRead(limit, 100, out var take, out var pageProblem))
        {
            return pageProblem!;
        }

        var cities = (await callers.GetAsync(ct)).GrantsOf(Roles.RegionAdmin).Where(g => g.Level == 1).Select(g => g.RegionId).ToArray();
        if (cities.Length == 0)
        {
            return ApiProblem.Forbidden("只有市级管理员可以管理外部渠道。");
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM channels WHERE id = @id AND region_id IN @cities)", new { id, cities }, cancellationToken: ct)))
        {
            return ApiProblem.NotFound("channel_not_found", "渠道不存在。");
        }

        var rows = await connection.QueryAsync<Delivery>(new CommandDefinition(
            """
            SELECT d.at, t.receipt_no AS TopicReceiptNo, d.status, d.http_status AS HttpStatus, d.attempt AS Attempts
            FROM channel_deliveries d JOIN topics t ON t.id = d.topic_id
            WHERE d.channel_id = @id
            ORDER BY d.id DESC
            LIMIT @take
            """,
            new { id, take }, cancellationToken: ct));
        return TypedResults.Ok(new DeliveryList(rows.AsList()));
    }
}
