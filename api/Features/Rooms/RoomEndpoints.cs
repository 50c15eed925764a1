using System.Security.Claims;
using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using FluentValidation;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Paging;
using static MaShangYi.Api.Infrastructure.Validation.TextInput;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Rooms;

public static class RoomEndpoints
{
    public sealed record RoomDetail(RoomView Room, IReadOnlyList<RegionRef> RegionPath);

    public sealed record RoomPage(IReadOnlyList<RoomView> Items, long? NextAfter);

    public sealed record CreateRoomRequest(long RegionId, string Name, string Address, string? ContactName, string? ContactPhone) : IRoomFields;

    public sealed record UpdateRoomRequest(string Name, string Address, string? ContactName, string? ContactPhone, bool IsActive) : IRoomFields;

    public static IEndpointRouteBuilder MapRoomEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rooms").WithTags("Rooms").WithValidation();

        group.MapGet("/", List)
            .WithSummary("Find rooms by region subtree and/or name (public, keyset-paged by id)")
            .WithDescription("Pass the previous page's nextAfter as after. limit is 1–100 (default 20).");
        group.MapGet("/{id:long}", Get)
            .WithSummary("A room with its region path (public)");
        group.MapPost("/", Create)
            .RequireAuthorization()
            .WithSummary("Create a room in a region; its scene code is issued here and never changes (region admin)")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapPut("/{id:long}", Update)
            .RequireAuthorization()
            .WithSummary("Edit a room, or deactivate it with isActive=false (region admin). The scene code stays.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<Results<Ok<RoomPage>, ValidationProblem>> List(
        long? regionId, string? q, long? after, int? limit, Reads reads, CancellationToken ct)
    {
        if (!PageSize.TryRead(limit, 100, out var take, out var pageProblem))
        {
            return pageProblem!;
        }

        if (q is { Length: > 50 })
        {
            return ApiProblem.Validation("q", "搜索词不超过 50 个字。");
        }

        var rows = await reads.RunAsync(connection => connection.QueryAsync<RoomView>(new CommandDefinition(
            $"""
            SELECT {RoomQueries.Columns}
            FROM rooms m
            JOIN regions r ON r.id = m.region_id
            WHERE m.id > @after
              AND (@regionId IS NULL OR r.path LIKE CONCAT((SELECT path FROM regions WHERE id = @regionId), '%'))
              AND (@q IS NULL OR m.name LIKE CONCAT('%', @q, '%'))
            ORDER BY m.id
            LIMIT @take
            """,
            new { after = after ?? 0, regionId, q = string.IsNullOrWhiteSpace(q) ? null : EscapeLike(q.Trim()), take = take + 1 },
            cancellationToken: ct)), ct);
        var items = rows.AsList();
        var hasMore = items.Count > take;
        if (hasMore)
        {
            items.RemoveAt(take);
        }

        return TypedResults.Ok(new RoomPage(items, hasMore ? items[^1].Id : null));
    }

    private static async Task<Results<Ok<RoomDetail>, ProblemHttpResult>> Get(long id, Reads reads, CancellationToken ct) =>
        await reads.RunAsync(connection => RoomQueries.WithPathAsync(connection, id, ct), ct) is var (room, path) ? TypedResults.Ok(new RoomDetail(room, path)) : RoomNotFound();

    private static async Task<Results<Created<RoomView>, ProblemHttpResult>> Create(
        CreateRoomRequest request, ClaimsPrincipal user, Access access, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await RegionQueries.FindAsync(connection, request.RegionId, ct) is null)
        {
            return ApiProblem.NotFound("region_not_found", "区域不存在。");
        }

        if (!await access.IsRegionAdminAsync(user.UserId(), request.RegionId, ct))
        {
            return ApiProblem.Forbidden("您不是该区域的管理员，不能在此建立议事室。");
        }

        var now = clock.StoredNow();
        var room = new RoomView(0, request.RegionId, request.Name.Trim(), request.Address.Trim(), Clean(request.ContactName), Clean(request.ContactPhone), true, "");
        for (var attempt = 0; ; attempt++)
        {
            var scene = SceneCodes.Generate();
            try
            {
                var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    """
                    INSERT INTO rooms (region_id, name, address, contact_name, contact_phone, is_active, scene, created_at, updated_at)
                    VALUES (@RegionId, @Name, @Address, @ContactName, @ContactPhone, 1, @scene, @now, @now);
                    SELECT LAST_INSERT_ID();
                    """,
                    new { room.RegionId, room.Name, room.Address, room.ContactName, room.ContactPhone, scene, now }, cancellationToken: ct));
                return TypedResults.Created($"/api/rooms/{id}", room with { Id = id, Scene = scene });
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                if (ex.Message.Contains("ux_rooms_region_name", StringComparison.Ordinal))
                {
                    return NameTaken(room.Name);
                }

                if (attempt >= 5)
                {
                    throw;
                }
            }
        }
    }

    private static async Task<Results<Ok<RoomView>, ProblemHttpResult>> Update(
        long id, UpdateRoomRequest request, ClaimsPrincipal user, Access access, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var found = await RoomQueries.FindAsync(connection, id, ct);
        if (found is null)
        {
            return RoomNotFound();
        }

        if (!await access.IsRegionAdminAsync(user.UserId(), found.Room.RegionId, ct))
        {
            return ApiProblem.Forbidden("您不是该议事室所在区域的管理员。");
        }

        var room = found.Room with
        {
            Name = request.Name.Trim(),
            Address = request.Address.Trim(),
            ContactName = Clean(request.ContactName),
            ContactPhone = Clean(request.ContactPhone),
            IsActive = request.IsActive,
        };
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE rooms SET name = @Name, address = @Address, contact_name = @ContactName, contact_phone = @ContactPhone,
                                 is_active = @IsActive, updated_at = @now
                WHERE id = @Id
                """,
                new { room.Id, room.Name, room.Address, room.ContactName, room.ContactPhone, room.IsActive, now = clock.StoredNow() },
                cancellationToken: ct));
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return NameTaken(room.Name);
        }

        return TypedResults.Ok(room);
    }

    private static ProblemHttpResult RoomNotFound() => ApiProblem.NotFound("room_not_found", "议事室不存在。");

    private static ProblemHttpResult NameTaken(string name) =>
        ApiProblem.Conflict("room_name_taken", $"该区域已有名为“{name}”的议事室。");

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    internal sealed class CreateValidator : AbstractValidator<CreateRoomRequest>
    {
        public CreateValidator()
        {
            RuleFor(x => x.RegionId).GreaterThan(0).WithMessage("请选择所属区域。");
            Include(new RoomFieldsValidator());
        }
    }

    internal sealed class UpdateValidator : AbstractValidator<UpdateRoomRequest>
    {
        public UpdateValidator() => Include(new RoomFieldsValidator());
    }
}
