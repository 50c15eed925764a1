using System.Security.Claims;
using Dapper;
using FluentValidation;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Regions;

public static class RegionEndpoints
{
    public sealed record RegionSummary(long Id, string Code, string Name, int Level, long ChildCount, long RoomCount)
    {
        public string LevelName => RegionLevels.Name(Level);
    }

    public sealed record RegionDetail(long Id, string Code, string Name, int Level, string LevelName, long? ParentId, IReadOnlyList<RegionRef> Path, IReadOnlyList<RegionSummary> Children);

    public sealed record CreateRegionRequest(long ParentId, string Code, string Name);

    public sealed record UpdateRegionRequest(string Name);

    public static IEndpointRouteBuilder MapRegionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/regions").WithTags("Regions").WithValidation();

        group.MapGet("/", List)
            .WithSummary("Top-level regions, or the children of parentId")
            .WithDescription("Public: used to find a room by drilling down city → county → town → village.");
        group.MapGet("/{id:long}", Get)
            .WithSummary("A region with its path from the city and its children");
        group.MapPost("/", Create)
            .RequireAuthorization()
            .WithSummary("Create a region under a parent (region admin of the parent)")
            .WithDescription("The code extends the parent's as the statistical division codes do: a county is 6 digits with the city's first four (not ending in 00), a town the county's code and 3 digits, a village the town's code and 3 digits; otherwise 400 on code.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapPut("/{id:long}", Update)
            .RequireAuthorization()
            .WithSummary("Rename a region (region admin whose scope covers it); its code never changes")
            .ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private const string SummarySelect = """
        SELECT r.id, r.code, r.name, r.level,
               (SELECT COUNT(*) FROM regions c WHERE c.parent_id = r.id) AS ChildCount,
               (SELECT COUNT(*) FROM rooms m WHERE m.region_id = r.id) AS RoomCount
        FROM regions r
        """;

    private static async Task<Ok<List<RegionSummary>>> List(long? parentId, Reads reads, CancellationToken ct) =>
        TypedResults.Ok(await reads.RunAsync(connection => ChildrenAsync(connection, parentId, ct), ct));

    private static Task<Results<Ok<RegionDetail>, ProblemHttpResult>> Get(long id, Reads reads, CancellationToken ct) =>
        reads.RunAsync<Results<Ok<RegionDetail>, ProblemHttpResult>>(async connection =>
        {
            // One round trip: the region, its chain and its children, each keyed by the id.
            await using var read = await connection.QueryResultsAsync(new CommandDefinition(
                $"""
                {RegionQueries.SelectRow} WHERE id = @id;
                {RegionQueries.PathSql("r.id = @id")};
                {SummarySelect} WHERE r.parent_id = @id ORDER BY r.code;
                """, new { id }, cancellationToken: ct));
            if (await read.ReadSingleOrDefaultAsync<RegionQueries.RegionRow>() is not { } region)
            {
                return RegionNotFound();
            }

            var path = (await read.ReadAsync<RegionRef>()).AsList();
            var children = (await read.ReadAsync<RegionSummary>()).AsList();
            return TypedResults.Ok(new RegionDetail(region.Id, region.Code, region.Name, region.Level, RegionLevels.Name(region.Level), region.ParentId, path, children));
        }, ct);

    private static async Task<Results<Created<RegionSummary>, ValidationProblem, ProblemHttpResult>> Create(
        CreateRegionRequest request, ClaimsPrincipal user, Access access, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var parent = await RegionQueries.FindAsync(connection, request.ParentId, ct);
        if (parent is null)
        {
            return ApiProblem.NotFound("parent_region_not_found", "上级区域不存在。");
        }

        if (!await access.IsRegionAdminAsync(user.UserId(), parent.Id, ct))
        {
            return ApiProblem.Forbidden("您不是该区域的管理员，不能在其下建立区域。");
        }

        if (parent.Level >= RegionLevels.Village)
        {
            return ApiProblem.Create(422, "region_too_deep", "村社区是最低一级，不能再建下级区域。");
        }

        var code = request.Code.Trim();
        if (!RegionCodes.Fits(parent.Level + 1, code, parent.Code))
        {
            return ApiProblem.Validation("code", RegionCodes.Rule(parent.Level + 1, parent.Code));
        }

        var now = clock.StoredNow();
        var name = request.Name.Trim();
        try
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO regions (code, parent_id, level, name, path, created_at, updated_at)
                VALUES (@code, @parentId, @level, @name, @path, @now, @now);
                SELECT LAST_INSERT_ID();
                """,
                new { code, parentId = parent.Id, level = parent.Level + 1, name, path = RegionLevels.ChildPath(parent.Path, code), now },
                cancellationToken: ct));
            return TypedResults.Created($"/api/regions/{id}", new RegionSummary(id, code, name, parent.Level + 1, 0, 0));
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return ApiProblem.Conflict("region_code_taken", $"区划代码 {code} 已被使用。");
        }
    }

    private static async Task<Results<Ok<RegionSummary>, ProblemHttpResult>> Update(
        long id, UpdateRegionRequest request, ClaimsPrincipal user, Access access, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var region = await RegionQueries.FindAsync(connection, id, ct);
        if (region is null)
        {
            return RegionNotFound();
        }

        if (!await access.IsRegionAdminAsync(user.UserId(), region.Id, ct))
        {
            return ApiProblem.Forbidden("您不是该区域的管理员。");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE regions SET name = @name, updated_at = @now WHERE id = @id",
            new { id, name = request.Name.Trim(), now = clock.StoredNow() }, cancellationToken: ct));
        var summary = await connection.QuerySingleAsync<RegionSummary>(new CommandDefinition(
            SummarySelect + " WHERE r.id = @id", new { id }, cancellationToken: ct));
        return TypedResults.Ok(summary);
    }

    private static async Task<List<RegionSummary>> ChildrenAsync(MySqlConnection connection, long? parentId, CancellationToken ct)
    {
        var sql = SummarySelect + (parentId is null ? " WHERE r.parent_id IS NULL" : " WHERE r.parent_id = @parentId") + " ORDER BY r.code";
        var rows = await connection.QueryAsync<RegionSummary>(new CommandDefinition(sql, new { parentId }, cancellationToken: ct));
        return rows.AsList();
    }

    private static ProblemHttpResult RegionNotFound() => ApiProblem.NotFound("region_not_found", "区域不存在。");

    internal sealed class CreateValidator : AbstractValidator<CreateRegionRequest>
    {
        public CreateValidator()
        {
            RuleFor(x => x.ParentId).GreaterThan(0).WithMessage("请选择上级区域。");
            RuleFor(x => x.Code).NotEmpty().WithMessage("请填写区划代码。")
                .Matches("^[0-9]{6,12}$").WithMessage("区划代码应为 6 至 12 位数字。");
            RuleFor(x => x.Name).Must(RegionRules.IsValidName).WithMessage(RegionRules.NameMessage);
        }
    }

    internal sealed class UpdateValidator : AbstractValidator<UpdateRegionRequest>
    {
        public UpdateValidator() => RuleFor(x => x.Name).Must(RegionRules.IsValidName).WithMessage(RegionRules.NameMessage);
    }
}

public static class RegionRules
{
    public const string NameMessage = "区域名称不能为空，且不超过 64 个字。";

    public static bool IsValidName(string? name) => !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= 64;
}
