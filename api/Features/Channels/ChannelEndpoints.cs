using Dapper;
using FluentValidation;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Privacy;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Channels;

/// <summary>The city admin's management of intake channels: create, list, rotate the credential, revoke.</summary>
public static class ChannelEndpoints
{
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>
    {
        ["hotline_12345"] = "12345热线",
        ["cppcc_proposal"] = "政协委员提案",
        ["other"] = "其他渠道",
    };

    public sealed record CreateChannelRequest(string Name, string Kind, long? RegionId);

    public sealed record ChannelView(long Id, long RegionId, string Name, string Kind, string KindName, DateTime? RevokedAt, string? CallbackUrl, DateTime CreatedAt, DateTime UpdatedAt)
    {
        /// <summary>Whether the channel's receiver answers its callbacks (in the list; null before the first callback).</summary>
        public ChannelDeliveries.CallbackStatus? CallbackStatus { get; init; }
    }

    /// <summary>The secrets are in this answer only: the credential for requests, the signing secret for verifying callbacks.</summary>
    public sealed record ChannelSecrets(ChannelView Channel, string Credential, string SigningSecret);

    public static IEndpointRouteBuilder MapChannelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/channels").WithTags("Intake channels").RequireAuthorization();
        group.MapGet("/", List).WithSummary("Intake channels of the caller's city (city admin), with whether their callbacks are answered; never their secrets");
        group.MapPost("/", Create).WithValidation()
            .WithSummary("Create an intake channel (city admin); the credential and signing secret are in this answer only")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        group.MapPost("/{id:long}/rotate", Rotate)
            .WithSummary("Issue a new credential and signing secret (the old ones stop at once); a revoked channel is active again")
            .ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/{id:long}/revoke", Revoke)
            .WithSummary("Revoke a channel: its credential is refused (403) from now on").ProducesProblem(403).ProducesProblem(404);
        app.MapChannelDeliveryEndpoints();
        return app;
    }

    private const string ViewSql = """
        SELECT id, region_id AS RegionId, name, kind, '' AS KindName, revoked_at AS RevokedAt, callback_url AS CallbackUrl,
               created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM channels
        """;

    /// <summary>Channels belong to a city: only a region admin on a level-1 region manages them.</summary>
    private static long[] CitiesOf(Caller caller) =>
        caller.GrantsOf(Roles.RegionAdmin).Where(g => g.Level == 1).Select(g => g.RegionId).Distinct().ToArray();

    private static async Task<Results<Ok<List<ChannelView>>, ProblemHttpResult>> List(CallerAccessor callers, MySqlDataSource db, CancellationToken ct)
    {
        var cities = CitiesOf(await callers.GetAsync(ct));
        if (cities.Length == 0)
        {
            return ApiProblem.Forbidden("只有市级管理员可以管理外部渠道。");
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<ChannelView>(new CommandDefinition(ViewSql + " WHERE region_id IN @cities ORDER BY id", new { cities }, cancellationToken: ct))).AsList();
        var callbacks = await ChannelDeliveries.StatusesAsync(connection, [.. rows.Select(r => r.Id)], ct);
        return TypedResults.Ok(rows.Select(r => Named(r) with { CallbackStatus = callbacks.GetValueOrDefault(r.Id) }).ToList());
    }

    private static async Task<Results<Created<ChannelSecrets>, ProblemHttpResult, ValidationProblem>> Create(
        CreateChannelRequest request, CallerAccessor callers, PersonalData secrets, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        var cities = CitiesOf(caller);
        if (cities.Length == 0 || (request.RegionId is { } asked && !cities.Contains(asked)))
        {
            return ApiProblem.Forbidden("只有市级管理员可以管理外部渠道。");
        }

        if (request.RegionId is null && cities.Length > 1)
        {
            return ApiProblem.Validation("regionId", "您管理多个城市，请指定渠道所属的城市。");
        }

        var credential = ChannelAuth.NewSecret();
        var signingSecret = ChannelAuth.NewSecret("whsec_");
        var now = clock.StoredNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        long id;
        try
        {
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO channels (region_id, name, kind, credential_hash, signing_secret_enc, created_by_user_id, created_at, updated_at)
                VALUES (@regionId, @name, @Kind, @hash, @secret, @userId, @now, @now);
                SELECT LAST_INSERT_ID();
                """,
                new { regionId = request.RegionId ?? cities[0], name = request.Name.Trim(), request.Kind, hash = ChannelAuth.Hash(credential), secret = secrets.Encrypt(signingSecret), userId = caller.UserId, now },
                cancellationToken: ct));
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return ApiProblem.Conflict("channel_name_taken", "已有同名的渠道。");
        }

        var view = await FindAsync(connection, id, ct);
        return TypedResults.Created($"/api/channels/{id}", new ChannelSecrets(view!, credential, signingSecret));
    }

    private static async Task<Results<Ok<ChannelSecrets>, ProblemHttpResult>> Rotate(
        long id, CallerAccessor callers, PersonalData secrets, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var credential = ChannelAuth.NewSecret();
        var signingSecret = ChannelAuth.NewSecret("whsec_");
        return await ChangeAsync(id, callers, db,
            "UPDATE channels SET credential_hash = @hash, signing_secret_enc = @secret, revoked_at = NULL, updated_at = @now WHERE id = @id",
            new { id, hash = ChannelAuth.Hash(credential), secret = secrets.Encrypt(signingSecret), now = clock.StoredNow() },
            view => new ChannelSecrets(view, credential, signingSecret), ct);
    }

    private static async Task<Results<Ok<ChannelView>, ProblemHttpResult>> Revoke(
        long id, CallerAccessor callers, MySqlDataSource db, TimeProvider clock, CancellationToken ct) =>
        await ChangeAsync(id, callers, db,
            "UPDATE channels SET revoked_at = COALESCE(revoked_at, @now), updated_at = @now WHERE id = @id",
            new { id, now = clock.StoredNow() },
            view => view, ct);

    private static async Task<Results<Ok<T>, ProblemHttpResult>> ChangeAsync<T>(
        long id, CallerAccessor callers, MySqlDataSource db, string sql, object args, Func<ChannelView, T> answer, CancellationToken ct)
    {
        var cities = CitiesOf(await callers.GetAsync(ct));
        if (cities.Length == 0)
        {
            return ApiProblem.Forbidden("只有市级管理员可以管理外部渠道。");
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        if (await FindAsync(connection, id, ct) is not { } before || !cities.Contains(before.RegionId))
        {
            return ApiProblem.NotFound("channel_not_found", "渠道不存在。");
        }

        await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        return TypedResults.Ok(answer((await FindAsync(connection, id, ct))!));
    }

    private static async Task<ChannelView?> FindAsync(MySqlConnection connection, long id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<ChannelView>(new CommandDefinition(ViewSql + " WHERE id = @id", new { id }, cancellationToken: ct)) is { } row
            ? Named(row) : null;

    private static ChannelView Named(ChannelView row) => row with { KindName = Kinds.GetValueOrDefault(row.Kind, row.Kind) };

    internal sealed class CreateChannelValidator : AbstractValidator<CreateChannelRequest>
    {
        public CreateChannelValidator()
        {
            RuleFor(x => x.Name).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("请填写渠道名称。")
                .MaximumLength(50).WithMessage("渠道名称不超过 50 个字。");
            RuleFor(x => x.Kind).Must(k => k is not null && Kinds.ContainsKey(k)).WithMessage(x => Choices.Unknown("渠道类型", x.Kind, Kinds.Values));
        }
    }
}
