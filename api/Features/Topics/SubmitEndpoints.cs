using System.Security.Claims;
using Dapper;
using FluentValidation;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;

namespace MaShangYi.Api.Features.Topics;

/// <summary>码上征题: a resident raises a topic in a room, or a volunteer enters one for a resident.</summary>
public static class SubmitEndpoints
{
    public sealed record OnBehalfOf(string? Name, string? Phone);

    public sealed record SubmitRequest(string Title, string Description, long CategoryId, string? LocationText, bool Anonymous, string? ProposerName, OnBehalfOf? OnBehalfOf);

    public static IEndpointRouteBuilder MapSubmitEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/rooms/{roomId:long}/topics", Submit)
            .WithTags("Topics")
            .RequireAuthorization()
            .WithValidation()
            .WithSummary("Submit a topic in a room (码上征题); a volunteer may submit for a resident with onBehalfOf")
            .WithDescription("Send an Idempotency-Key header (any unique string up to 64 characters, kept when the request is retried): a retried submission returns the first result (200) instead of creating a duplicate (201). Text passes WeChat's content check: risky text is refused (422, nothing stored); text to be reviewed, or text that could not be checked, is stored and held for moderation.")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        return app;
    }

    private static async Task<Results<Created<TopicDetail>, Ok<TopicDetail>, ProblemHttpResult, ValidationProblem>> Submit(
        long roomId, SubmitRequest request, HttpRequest http, ClaimsPrincipal user, CallerAccessor callers, TopicCreation creation,
        TopicViews views, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var key = http.Headers["Idempotency-Key"].ToString();
        if (key.Length > 64)
        {
            return ApiProblem.Validation("Idempotency-Key", "Idempotency-Key 不超过 64 个字符。");
        }

        var idempotencyKey = key.Length == 0 ? null : key;
        var userId = user.UserId();
        // What the submission depends on, in one round trip: an earlier answer to this key, the room, the category, the
        // proposer's openid (for WeChat's content check) and the caller's grants. No connection is held across the
        // content check (a call to WeChat) or while the answer is read.
        long? earlier;
        RoomQueries.RoomWithPath? room;
        string? categoryName;
        string? openId;
        Caller caller;
        await using (var connection = await db.OpenConnectionAsync(ct))
        using (var facts = await connection.QueryMultipleAsync(new CommandDefinition(
            PrecheckSql, new { userId, key = idempotencyKey, roomId, request.CategoryId }, cancellationToken: ct)))
        {
            earlier = await facts.ReadSingleOrDefaultAsync<long?>();
            room = facts.Read<RoomView, string, RoomQueries.RoomWithPath>((r, path) => new RoomQueries.RoomWithPath(r, path), splitOn: "path").FirstOrDefault();
            categoryName = await facts.ReadSingleOrDefaultAsync<string>();
            openId = await facts.ReadSingleOrDefaultAsync<string>();
            caller = callers.Adopt(userId, await facts.ReadAsync<CallerGrant>());
        }

        if (earlier is { } existing)
        {
            return TypedResults.Ok((await views.DetailAsync(existing, caller, ct))!);
        }

        if (room is null)
        {
            return ApiProblem.NotFound("room_not_found", "议事室不存在。");
        }

        if (!room.Room.IsActive)
        {
            return ApiProblem.Create(409, "room_closed", "该议事室已停用，暂不接受新的议题。");
        }

        var byVolunteer = request.OnBehalfOf is not null;
        if (byVolunteer && !caller.HasRole(Roles.Volunteer, room.RegionPath))
        {
            return ApiProblem.Forbidden("只有本区域的志愿者/网格员可以代居民提交议题。");
        }

        if (categoryName is null)
        {
            return ApiProblem.Validation("categoryId", "请选择有效的议题类别。");
        }

        var outcome = await creation.CheckAsync(openId!, request.Title, request.Description + "\n" + request.LocationText, ct);
        if (outcome == ContentOutcome.Refused)
        {
            return ApiProblem.Create(422, "content_risky", "内容未通过安全检查，请修改后再提交。");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var topic = new NewTopic(
            room, request.Title, request.Description, request.CategoryId, request.LocationText, userId, request.Anonymous || byVolunteer, request.ProposerName,
            Source: byVolunteer ? "volunteer" : "resident", ActorRole: byVolunteer ? Roles.Volunteer : "resident", ActorUnit: null,
            request.OnBehalfOf?.Name, request.OnBehalfOf?.Phone, idempotencyKey, outcome);
        CreatedTopic? created = null;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            try
            {
                var written = await creation.CreateAsync(connection, tx, topic, caller, now, ct);
                await tx.CommitAsync(ct);
                created = written;
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry && idempotencyKey is not null)
            {
                // The same retry raced itself: the first one stored the topic; answer with it.
                await tx.RollbackAsync(ct);
                earlier = await ExistingAsync(connection, userId, idempotencyKey, ct);
            }
        }

        // A new topic is answered from what was just written, exactly as it reads back (a test holds the two equal).
        return created is not null
            ? TypedResults.Created($"/api/topics/{created.Id}", views.Created(created, topic, categoryName, caller))
            : TypedResults.Ok((await views.DetailAsync(earlier!.Value, caller, ct))!);
    }

    /// <summary>The topic this user already submitted under this Idempotency-Key, if any.</summary>
    private const string EarlierSql = "SELECT id FROM topics WHERE proposer_user_id = @userId AND idempotency_key = @key";

    private static readonly string PrecheckSql = $"""
        {EarlierSql};
        SELECT {RoomQueries.Columns}, r.path FROM rooms m JOIN regions r ON r.id = m.region_id WHERE m.id = @roomId;
        SELECT name FROM topic_categories WHERE id = @CategoryId AND is_active = 1;
        SELECT openid FROM users WHERE id = @userId;
        {CallerAccessor.GrantsSql};
        """;

    private static Task<long?> ExistingAsync(MySqlConnection connection, long userId, string key, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long?>(new CommandDefinition(EarlierSql, new { userId, key }, cancellationToken: ct));

    internal sealed class SubmitValidator : AbstractValidator<SubmitRequest>
    {
        public SubmitValidator()
        {
            RuleFor(x => x.Title).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("请填写标题。")
                .MaximumLength(100).WithMessage("标题不超过 100 个字。");
            RuleFor(x => x.Description).Must(v => !string.IsNullOrWhiteSpace(v) && v.Trim().Length >= 5).WithMessage("请把问题描述清楚（至少 5 个字）。")
                .MaximumLength(2000).WithMessage("描述不超过 2000 个字。");
            RuleFor(x => x.CategoryId).GreaterThan(0).WithMessage("请选择议题类别。");
            RuleFor(x => x.LocationText).MaximumLength(200).WithMessage("地点不超过 200 个字。");
            RuleFor(x => x.ProposerName).MaximumLength(50).WithMessage("署名不超过 50 个字。");
            RuleFor(x => x.OnBehalfOf!.Name).MaximumLength(50).WithMessage("居民姓名不超过 50 个字。").When(x => x.OnBehalfOf is not null);
            RuleFor(x => x.OnBehalfOf!.Phone).Matches(@"^1[3-9][0-9]{9}$|^0[0-9]{2,3}-?[0-9]{7,8}$")
                .When(x => !string.IsNullOrWhiteSpace(x.OnBehalfOf?.Phone)).WithMessage("请填写正确的手机号或座机号。");
        }
    }
}
