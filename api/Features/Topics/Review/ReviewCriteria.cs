using Dapper;
using FluentValidation;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// The 五议五不议 review criteria, a set for each city (DESIGN §4: "the default criteria, editable by the city admin").
/// The rows without a city are the installation's defaults, and a city uses them until its admin first adds or changes a
/// criterion: the defaults are then copied into the city's own set, in that change's transaction, and only the copy
/// changes. So one city's edit never reaches another, and a rejection keeps citing the row it cited.
/// </summary>
public static class ReviewCriteria
{
    public sealed record Criterion(long Id, long? CityId, string Kind, string Title, string Description, int SortOrder, bool IsActive)
    {
        /// <summary>A kind of matter that is deliberated (五议).</summary>
        public const string Deliberate = "deliberate";

        /// <summary>A kind of matter that is not deliberated (五不议): the only kind a rejection may cite.</summary>
        public const string NotDeliberate = "not_deliberate";

        public string KindName => Kind == Deliberate ? "五议" : "五不议";
    }

    /// <summary>A criterion to add or change; <paramref name="CityId"/> names the city when the caller administers several.</summary>
    public sealed record CriterionRequest(string Kind, string Title, string Description, int SortOrder, bool IsActive, long? CityId = null);

    private const string Columns = "id, city_id AS CityId, kind, title, description, sort_order AS SortOrder, is_active AS IsActive";

    /// <summary>
    /// The condition on <c>review_criteria</c> for the set the city <paramref name="citySql"/> uses: its own once it has
    /// one, else the defaults (a null city, too, names the defaults).
    /// </summary>
    public static string UsedBy(string citySql) =>
        $"city_id <=> (SELECT MAX(own.city_id) FROM review_criteria own WHERE own.city_id = {citySql})";

    /// <summary>The id of the city of the region <paramref name="regionSql"/>: the top of its chain of ancestors.</summary>
    private static string CityOf(string regionSql) =>
        $"(SELECT COALESCE(p3.id, p2.id, p1.id, r.id) FROM regions r {RegionQueries.AncestorJoins} WHERE r.id = {regionSql})";

    public static IEndpointRouteBuilder MapReviewCriteriaEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/review-criteria").WithTags("Catalog").WithValidation();
        group.MapGet("", List)
            .WithSummary("The 五议五不议 review criteria a city uses (public): its own set, or the defaults until it has one. room or region names the city (neither: the defaults); all=true includes inactive ones")
            .ProducesProblem(404);
        group.MapPost("", (CriterionRequest r, CallerAccessor c, MySqlDataSource db, CancellationToken ct) => SaveAsync(null, r, c, db, ct))
            .RequireAuthorization().WithSummary("Add a review criterion to a city's set (that city's admin)").ProducesProblem(403).ProducesProblem(409).ProducesProblem(422);
        group.MapPut("/{id:long}", (long id, CriterionRequest r, CallerAccessor c, MySqlDataSource db, CancellationToken ct) => SaveAsync(id, r, c, db, ct))
            .RequireAuthorization().WithSummary("Edit or deactivate a criterion of a city's set; a default is changed in the city's own copy (that city's admin)")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        return app;
    }

    private static async Task<Results<Ok<List<Criterion>>, ProblemHttpResult>> List(bool? all, long? room, long? region, Reads reads, CancellationToken ct)
    {
        var args = new { all = all == true, room, region };
        if (room is null && region is null)
        {
            return TypedResults.Ok((await reads.RunAsync(connection => connection.QueryAsync<Criterion>(new CommandDefinition(
                $"SELECT {Columns} FROM review_criteria WHERE (@all OR is_active = 1) AND city_id IS NULL ORDER BY sort_order, id", args, cancellationToken: ct)), ct)).AsList());
        }

        var city = CityOf(room is null ? "@region" : "(SELECT region_id FROM rooms WHERE id = @room)");
        var (found, criteria) = await reads.RunAsync(async connection =>
        {
            await using var read = await connection.QueryResultsAsync(new CommandDefinition(
                $"SELECT {city} IS NOT NULL; SELECT {Columns} FROM review_criteria WHERE (@all OR is_active = 1) AND {UsedBy(city)} ORDER BY sort_order, id;",
                args, cancellationToken: ct));
            return (await read.ReadSingleAsync<bool>(), (await read.ReadAsync<Criterion>()).AsList());
        }, ct);
        return found ? TypedResults.Ok(criteria)
            : room is null ? ApiProblem.NotFound("region_not_found", "该区域不存在。") : ApiProblem.NotFound("room_not_found", "该议事室不存在。");
    }

    private static async Task<Results<Ok<Criterion>, ProblemHttpResult>> SaveAsync(
        long? id, CriterionRequest request, CallerAccessor callers, MySqlDataSource db, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        var cities = caller.GrantsOf(Roles.RegionAdmin).Where(g => g.Level == 1).Select(g => g.RegionId).ToHashSet();
        if (cities.Count == 0)
        {
            return ApiProblem.Forbidden("只有市级管理员可以维护审题标准。");
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        long? ownerCity = null;
        string? oldTitle = null;
        if (id is not null)
        {
            var row = await connection.QuerySingleOrDefaultAsync<(long? CityId, string Title)?>(new CommandDefinition(
                "SELECT city_id, title FROM review_criteria WHERE id = @id", new { id }, tx, cancellationToken: ct));
            if (row is null)
            {
                return ApiProblem.NotFound("not_found", "该审题标准不存在。");
            }

            (ownerCity, oldTitle) = row.Value;
        }

        // A city's own criterion belongs to that city; a new one or a default is changed for the city the request names,
        // or the caller's one city.
        var city = ownerCity ?? request.CityId ?? (cities.Count == 1 ? cities.Single() : null);
        if (city is not { } cityId)
        {
            return ApiProblem.FieldRule("city_required", "cityId", "您管理多个市，请选择要修改哪个市的审题标准。");
        }

        if (!cities.Contains(cityId))
        {
            return ApiProblem.Forbidden("只有该市的市级管理员可以维护它的审题标准。");
        }

        // The city's row, locked, keeps two first changes from both copying the defaults.
        bool hasOwn;
        await using (var read = await connection.QueryResultsAsync(new CommandDefinition(
            "SELECT id FROM regions WHERE id = @cityId FOR UPDATE; SELECT EXISTS (SELECT 1 FROM review_criteria WHERE city_id = @cityId);",
            new { cityId }, tx, cancellationToken: ct)))
        {
            await read.ReadSingleAsync<long>();
            hasOwn = await read.ReadSingleAsync<bool>();
        }

        if (id is not null && ownerCity is null && hasOwn)
        {
            return ApiProblem.Conflict("criterion_not_in_city", "这一条是默认标准，本市已有自己的一套审题标准：请刷新后在本市的标准中修改。");
        }

        var args = new { id, oldTitle, cityId, request.Kind, request.Title, request.Description, request.SortOrder, request.IsActive };
        var copyDefaults = hasOwn ? "" :
            "INSERT INTO review_criteria (city_id, kind, title, description, sort_order, is_active) SELECT @cityId, kind, title, description, sort_order, is_active FROM review_criteria WHERE city_id IS NULL ORDER BY id; ";
        const string Set = "UPDATE review_criteria SET kind = @Kind, title = @Title, description = @Description, sort_order = @SortOrder, is_active = @IsActive";
        var change = id is null
            ? "INSERT INTO review_criteria (city_id, kind, title, description, sort_order, is_active) VALUES (@cityId, @Kind, @Title, @Description, @SortOrder, @IsActive); SELECT LAST_INSERT_ID();"
            : hasOwn
                ? $"{Set} WHERE id = @id; SELECT @id;"
                // The default's copy, just made: it has the default's title, and titles are unique within a set.
                : $"{Set} WHERE city_id = @cityId AND title = @oldTitle; SELECT id FROM review_criteria WHERE city_id = @cityId AND title = @Title;";
        try
        {
            var savedId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(copyDefaults + change, args, tx, cancellationToken: ct));
            var saved = await connection.QuerySingleAsync<Criterion>(new CommandDefinition(
                $"SELECT {Columns} FROM review_criteria WHERE id = @savedId", new { savedId }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return TypedResults.Ok(saved);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return ApiProblem.Conflict("name_taken", "本市已有同名的审题标准。");
        }
    }

    internal sealed class CriterionValidator : AbstractValidator<CriterionRequest>
    {
        public CriterionValidator()
        {
            RuleFor(x => x.Kind).Must(k => k is Criterion.Deliberate or Criterion.NotDeliberate).WithMessage("请选择类型：五议或五不议。");
            RuleFor(x => x.Title).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("请填写标准名称。").MaximumLength(60).WithMessage("标准名称不超过 60 个字。");
            RuleFor(x => x.Description).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("请填写标准说明。").MaximumLength(300).WithMessage("标准说明不超过 300 个字。");
        }
    }
}
