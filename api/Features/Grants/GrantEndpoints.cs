using System.Security.Claims;
using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Grants;

public static class GrantEndpoints
{
    public sealed record GrantRequest(long UserId, string Role, long RegionId, string? Unit);

    public sealed record Grant(
        long Id, long UserId, string? UserDisplayName, string Role, long RegionId, string RegionName, string? Unit, DateTime CreatedAt,
        [property: JsonIgnore] string RegionPath)
    {
        public string RoleName => Roles.ChineseNames.GetValueOrDefault(Role, Role);

        /// <summary>The name the holder gave (accepting an invitation); null when they never gave one.</summary>
        public string? UserName => UserDisplayName;

        /// <summary>Whether the caller may revoke it (false for their own last admin grant over its region: <see cref="IsOwnLastAdminGrant"/>).</summary>
        public bool CanRevoke { get; init; } = true;
    }

    public static IEndpointRouteBuilder MapGrantEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/grants").WithTags("Role grants").RequireAuthorization().WithValidation();

        group.MapGet("/", List)
            .WithSummary("Role grants in a region's subtree (region admin of that region)")
            .ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/", Create)
            .WithSummary("Grant a role on a region to a user (region admin of that region)")
            .WithDescription("The user is named by the id the mini program shows on its 'my account' page (GET /api/me). Roles: volunteer, reviewer, room_admin, cppcc_member, implementer, region_admin.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapDelete("/{id:long}", Revoke)
            .WithSummary("Revoke a role grant (region admin whose scope covers the grant's region)")
            .ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    internal const string GrantSelect = """
        SELECT g.id, g.user_id AS UserId, u.display_name AS UserDisplayName, g.role, g.region_id AS RegionId, r.name AS RegionName, g.unit, g.created_at AS CreatedAt,
               r.path AS RegionPath
        FROM role_grants g JOIN regions r ON r.id = g.region_id JOIN users u ON u.id = g.user_id
        """;

    private static async Task<Results<Ok<List<Grant>>, ProblemHttpResult>> List(
        long regionId, ClaimsPrincipal user, Access access, MySqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var region = await RegionQueries.FindAsync(connection, regionId, ct);
        if (region is null)
        {
            return ApiProblem.NotFound("region_not_found", "区域不存在。");
        }

        var callerId = user.UserId();
        var adminOver = await access.ScopePathsAsync(callerId, Roles.RegionAdmin, ct);
        if (!Access.Covers(adminOver, region.Path))
        {
            return ApiProblem.Forbidden("您不是该区域的管理员。");
        }

        var rows = await connection.QueryAsync<Grant>(new CommandDefinition(
            GrantSelect + " WHERE r.path LIKE CONCAT(@path, '%') ORDER BY r.level, r.code, g.role, g.id",
            new { path = region.Path }, cancellationToken: ct));
        return TypedResults.Ok(rows.Select(g => g with { CanRevoke = !IsOwnLastAdminGrant(callerId, adminOver, g.UserId, g.Role, g.RegionPath) }).ToList());
    }

    private static async Task<Results<Created<Grant>, ProblemHttpResult>> Create(
        GrantRequest request, ClaimsPrincipal user, Access access, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await RegionQueries.FindAsync(connection, request.RegionId, ct) is null)
        {
            return ApiProblem.NotFound("region_not_found", "区域不存在。");
        }

        var callerId = user.UserId();
        if (!await access.IsRegionAdminAsync(callerId, request.RegionId, ct))
        {
            return ApiProblem.Forbidden("您不是该区域的管理员，不能在此授予角色。");
        }

        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM users WHERE id = @UserId)", new { request.UserId }, cancellationToken: ct)))
        {
            return ApiProblem.NotFound("user_not_found", "用户不存在，请让对方先登录小程序，并提供“我的”页面上的用户编号。");
        }

        try
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO role_grants (user_id, role, region_id, unit, granted_by, created_at)
                VALUES (@UserId, @Role, @RegionId, @unit, @callerId, @now);
                SELECT LAST_INSERT_ID();
                """,
                new { request.UserId, request.Role, request.RegionId, unit = string.IsNullOrWhiteSpace(request.Unit) ? null : request.Unit.Trim(), callerId, now = clock.StoredNow() },
                cancellationToken: ct));
            var grant = await connection.QuerySingleAsync<Grant>(new CommandDefinition(GrantSelect + " WHERE g.id = @id", new { id }, cancellationToken: ct));
            return TypedResults.Created($"/api/grants/{id}", grant);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return ApiProblem.Conflict("grant_exists", "该用户在此区域已有这个角色。");
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        long id, ClaimsPrincipal user, Access access, MySqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var grant = await connection.QuerySingleOrDefaultAsync<RevokedGrant>(new CommandDefinition(
            "SELECT g.user_id AS UserId, g.role, r.path FROM role_grants g JOIN regions r ON r.id = g.region_id WHERE g.id = @id", new { id }, cancellationToken: ct));
        if (grant is null)
        {
            return ApiProblem.NotFound("grant_not_found", "该授权不存在。");
        }

        var callerId = user.UserId();
        var adminOver = await access.ScopePathsAsync(callerId, Roles.RegionAdmin, ct);
        if (!Access.Covers(adminOver, grant.Path))
        {
            return ApiProblem.Forbidden("您不是该区域的管理员，不能撤销此授权。");
        }

        if (IsOwnLastAdminGrant(callerId, adminOver, grant.UserId, grant.Role, grant.Path))
        {
            return ApiProblem.Conflict("own_admin_grant", "不能撤销您自己的区域管理员任职：撤销后您将无法再管理这个区域。如需交接，请先给接任的人授权，再由对方或上级区域管理员撤销。");
        }

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM role_grants WHERE id = @id", new { id }, cancellationToken: ct));
        return TypedResults.NoContent();
    }

    private sealed record RevokedGrant(long UserId, string Role, string Path);

    /// <summary>
    /// Whether the grant is the caller's own admin grant with no other admin grant of theirs over its region. Revoked, it
    /// would shut them out of the region at once, with nobody at their level to give it back; a hand-over is done by the
    /// admin above, or after granting the successor. Another admin grant of theirs over the region (a user holds a role
    /// once per region, so any other path) leaves them admin there. <paramref name="adminOver"/>: the caller's admin paths.
    /// </summary>
    private static bool IsOwnLastAdminGrant(long callerId, IReadOnlyList<string> adminOver, long userId, string role, string path) =>
        userId == callerId && role == Roles.RegionAdmin && !Access.Covers(adminOver.Where(p => p != path), path);

    internal sealed class GrantValidator : AbstractValidator<GrantRequest>
    {
        public GrantValidator()
        {
            RuleFor(x => x.UserId).GreaterThan(0).WithMessage("请填写用户编号。");
            RuleFor(x => x.RegionId).GreaterThan(0).WithMessage("请选择区域。");
            RuleFor(x => x.Role).Must(Roles.IsKnown)
                .WithMessage(x => Choices.Unknown("角色", x.Role, Roles.ChineseNames.Values));
            RuleFor(x => x.Unit).MaximumLength(100).WithMessage("单位名称不超过 100 个字。");
            RuleFor(x => x.Unit).NotEmpty().When(x => x.Role == Roles.Implementer).WithMessage("承办单位角色须填写单位名称。");
        }
    }
}
