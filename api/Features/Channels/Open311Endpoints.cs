using System.Text.Json.Serialization;
using Dapper;
using MaShangYi.Api.Features.Photos;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Channels;

/// <summary>
/// The intake API for external channels, shaped like Open311 GeoReport v2 (JSON only): our topic categories are the
/// services, a channel's item is a service request, and our receipt number is its service_request_id.
/// </summary>
public static class Open311Endpoints
{
    public sealed record Service(
        [property: JsonPropertyName("service_code")] string ServiceCode,
        [property: JsonPropertyName("service_name")] string ServiceName,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("metadata")] bool Metadata,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("keywords")] string Keywords,
        [property: JsonPropertyName("group")] string Group);

    public sealed record Accepted(
        [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
        [property: JsonPropertyName("service_notice")] string ServiceNotice,
        [property: JsonPropertyName("account_id")] string? AccountId);

    public static IEndpointRouteBuilder MapOpen311Endpoints(this IEndpointRouteBuilder app)
    {
        var open311 = app.MapGroup("/open311/v2").WithTags("Open311 intake");
        open311.MapGet("/services.json", Services).WithSummary("Open311 service list: our topic categories (public)");

        var channel = open311.MapGroup("").RequireChannel()
            .ProducesProblem(401).ProducesProblem(403);
        channel.MapPost("/requests.json", Create).WithValidation()
            .WithSummary("Create a service request (a topic, source 'channel'); idempotent by channel_request_id")
            .WithDescription("Credential: Authorization: Bearer <credential> or api_key (query or form), over HTTPS. Form-encoded (Open311) or JSON. Route with attribute[region_code] (the one active room at that region) or attribute[room_id] / attribute[room_scene]. The same channel_request_id again returns the first result (200). Text is held for a reviewer: nothing a channel sends is published before review.")
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(422);
        channel.MapGet("/requests.json", Find)
            .WithSummary("This channel's service requests by service_request_id=a,b or channel_request_id=x (else its latest 100)");
        channel.MapGet("/requests/{id}.json", Get).WithSummary("One of this channel's service requests by our receipt number").ProducesProblem(404);
        channel.MapCallbackEndpoints();
        return app;
    }

    private static async Task<Ok<List<Service>>> Services(Reads reads, CancellationToken ct)
    {
        var rows = await reads.RunAsync(connection => connection.QueryAsync<(long Id, string Name)>(new CommandDefinition(
            "SELECT id, name FROM topic_categories WHERE is_active = 1 ORDER BY sort_order, id", cancellationToken: ct)), ct);
        return TypedResults.Ok(rows.Select(c => new Service(
            c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Name, $"{c.Name}类议题，转入议事室协商", false, "realtime", c.Name, "议题类别")).ToList());
    }

    private static async Task<Results<Created<List<Accepted>>, Ok<List<Accepted>>, ProblemHttpResult, ValidationProblem>> Create(
        Open311Request request, HttpContext http, TopicCreation creation, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var channel = http.Channel();
        var externalId = request.ChannelRequestId!;
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await Open311Status.ByExternalIdAsync(connection, channel.Id, externalId, ct) is { } earlier)
        {
            return TypedResults.Ok(Answer(earlier));
        }

        var (room, problem) = await ChannelRouting.RouteAsync(connection, channel, request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var categoryId = long.Parse(request.ServiceCode!, System.Globalization.CultureInfo.InvariantCulture);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM topic_categories WHERE id = @categoryId AND is_active = 1)", new { categoryId }, cancellationToken: ct)))
        {
            return ApiProblem.Validation("service_code", "没有这个 service_code（见 services.json）。");
        }

        var description = request.Description!;
        var title = TopicTitles.Choose(request["title"], description);
        var outcome = await creation.CheckAsync(null, title, description, ct);
        var now = clock.StoredNow();
        var topic = new NewTopic(room!, title, description, categoryId, request["address_string"], ProposerUserId: null, Anonymous: true, ProposerName: null,
            Source: "channel", ActorRole: "channel", ActorUnit: channel.Name, request.CallerName, request["phone"], IdempotencyKey: null, outcome);
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            try
            {
                var script = new ChangeScript(connection, tx, ct);
                var topicId = (await creation.CreateAsync(script, topic, Caller.Anonymous, now)).Id;
                await script.Add(
                    "INSERT INTO channel_items (channel_id, external_id, topic_id, created_at) VALUES (@channelId, @externalId, @itemTopicId, @itemNow)",
                    new { channelId = channel.Id, externalId, itemTopicId = topicId, itemNow = now }).ExecuteAsync();
                await tx.CommitAsync(ct);
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                // The same item sent twice at once: the other call stored it; answer with that one.
                await tx.RollbackAsync(ct);
                return TypedResults.Ok(Answer((await Open311Status.ByExternalIdAsync(connection, channel.Id, externalId, ct))!));
            }
        }

        var created = (await Open311Status.ByExternalIdAsync(connection, channel.Id, externalId, ct))!;
        return TypedResults.Created($"/open311/v2/requests/{created.ServiceRequestId}.json", Answer(created));
    }

    /// <summary>A channel's systems poll these: reads, on a read's connection.</summary>
    private static async Task<Ok<List<Open311ServiceRequest>>> Find(
        HttpContext http, Reads reads, PhotoUrls urls, CancellationToken ct,
        [FromQuery(Name = "service_request_id")] string? receiptNos = null, [FromQuery(Name = "channel_request_id")] string? externalId = null)
    {
        var channel = http.Channel();
        if (receiptNos is not null)
        {
            var ids = receiptNos.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(100).ToList();
            return TypedResults.Ok(ids.Count == 0
                ? new List<Open311ServiceRequest>()
                : await reads.RunAsync(connection => Open311Status.ByReceiptAsync(connection, channel.Id, ids, ct, urls), ct));
        }

        if (externalId is not null)
        {
            var one = await reads.RunAsync(connection => Open311Status.ByExternalIdAsync(connection, channel.Id, externalId.Trim(), ct, urls), ct);
            return TypedResults.Ok<List<Open311ServiceRequest>>(one is null ? [] : [one]);
        }

        return TypedResults.Ok(await reads.RunAsync(connection => Open311Status.LatestAsync(connection, channel.Id, 100, ct, urls), ct));
    }

    private static async Task<Results<Ok<List<Open311ServiceRequest>>, ProblemHttpResult>> Get(string id, HttpContext http, Reads reads, PhotoUrls urls, CancellationToken ct)
    {
        var found = await reads.RunAsync(connection => Open311Status.ByReceiptAsync(connection, http.Channel().Id, [id], ct, urls), ct);
        return found.Count == 0 ? ApiProblem.NotFound("request_not_found", "本渠道没有这个工单（service_request_id）。") : TypedResults.Ok(found);
    }

    private static List<Accepted> Answer(Open311ServiceRequest request) =>
        [new(request.ServiceRequestId, $"已转入议事室，回执号 {request.ServiceRequestId}，当前状态：{request.StatusNotes}。", null)];
}
