using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using FluentValidation;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;

namespace MaShangYi.Api.Features.Topics;

/// <summary>The topic categories and the 五议五不议 review criteria: seeded by a migration, edited by the city admin.</summary>
public static class CatalogEndpoints
{
    public sealed record Category(long Id, string Name, int SortOrder, bool IsActive);

    public sealed record Criterion(long Id, string Kind, string Title, string Description, int SortOrder, bool IsActive)
    {
        /// <summary>A kind of matter that is deliberated (五议).</summary>
        public const string Deliberate = "deliberate";

        /// <summary>A kind of matter that is not deliberated (五不议): the only kind a rejection may cite.</summary>
        public const string NotDeliberate = "not_deliberate";

        public string KindName => Kind == Deliberate ? "五议" : "五不议";
    }

    public sealed record CategoryRequest(string Name, int SortOrder, bool IsActive);

    public sealed record CriterionRequest(string Kind, string Title, string Description, int SortOrder, bool IsActive);

    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Catalog").WithValidation();
        group.MapGet("/categories", Categories).WithSummary("Topic categories (public); all=true includes inactive ones");
        group.MapPost("/categories", (CategoryRequest r, CallerAccessor c, MySqlDataSource db, CancellationToken ct) => SaveCategory(null, r, c, db, ct))
            .RequireAuthorization().WithSummary("Add a topic category (city admin)").ProducesProblem(403).ProducesProblem(409);
        group.MapPut("/categories/{id:long}", (long id, CategoryRequest r, CallerAccessor c, MySqlDataSource db, CancellationToken ct) => SaveCategory(id, r, c, db, ct))
            .RequireAuthorization().WithSummary("Edit or deactivate a topic category (city admin)").ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/review-criteria", Criteria).WithSummary("The 五议五不议 review criteria (public); all=true includes inactive ones");
        group.MapPost("/review-criteria", (CriterionRequest r, CallerAccessor c, MySqlDataSource db, CancellationToken ct) => SaveCriterion(null, r, c, db, ct))
            .RequireAuthorization().WithSummary("Add a review criterion (city admin)").ProducesProblem(403).ProducesProblem(409);
        group.MapPut("/review-criteria/{id:long}", (long id, CriterionRequest r, CallerAccessor c, MySqlDataSource db, CancellationToken ct) => SaveCriterion(id, r, c, db, ct))
            .RequireAuthorization().WithSummary("Edit or deactivate a review criterion (city admin)").ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<Ok<List<Category>>> Categories(bool? all, Reads reads, CancellationToken ct) =>
        TypedResults.Ok((await reads.RunAsync(connection => connection.QueryAsync<Category>(new CommandDefinition(
            "SELECT id, name, sort_order AS SortOrder, is_active AS IsActive FROM topic_categories WHERE @all OR is_active = 1 ORDER BY sort_order, id",
            new { all = all == true }, cancellationToken: ct)), ct)).AsList());

    private static async Task<Ok<List<Criterion>>> Criteria(bool? all, Reads reads, CancellationToken ct) =>
        TypedResults.Ok((await reads.RunAsync(connection => connection.QueryAsync<Criterion>(new CommandDefinition(
            "SELECT id, kind, title, description, sort_order AS SortOrder, is_active AS IsActive FROM review_criteria WHERE @all OR is_active = 1 ORDER BY sort_order, id",
            new { all = all == true }, cancellationToken: ct)), ct)).AsList());

    private static Task<Results<Ok<Category>, ProblemHttpResult>> SaveCategory(long? id, CategoryRequest r, CallerAccessor callers, MySqlDataSource db, CancellationToken ct) =>
        SaveAsync(id, callers, db, "topic_categories", "类别",
            id is null ? "INSERT INTO topic_categories (name, sort_order, is_active) VALUES (@Name, @SortOrder, @IsActive); SELECT LAST_INSERT_ID();"
                       : "UPDATE topic_categories SET name = @Name, sort_order = @SortOrder, is_active = @IsActive WHERE id = @id; SELECT @id;",
            new { id, r.Name, r.SortOrder, r.IsActive },
            (c, newId) => c.QuerySingleAsync<Category>("SELECT id, name, sort_order AS SortOrder, is_active AS IsActive FROM topic_categories WHERE id = @newId", new { newId }), ct);

    private static Task<Results<Ok<Criterion>, ProblemHttpResult>> SaveCriterion(long? id, CriterionRequest r, CallerAccessor callers, MySqlDataSource db, CancellationToken ct) =>
        SaveAsync(id, callers, db, "review_criteria", "审题标准",
            id is null ? "INSERT INTO review_criteria (kind, title, description, sort_order, is_active) VALUES (@Kind, @Title, @Description, @SortOrder, @IsActive); SELECT LAST_INSERT_ID();"
                       : "UPDATE review_criteria SET kind = @Kind, title = @Title, description = @Description, sort_order = @SortOrder, is_active = @IsActive WHERE id = @id; SELECT @id;",
            new { id, r.Kind, r.Title, r.Description, r.SortOrder, r.IsActive },
            (c, newId) => c.QuerySingleAsync<Criterion>("SELECT id, kind, title, description, sort_order AS SortOrder, is_active AS IsActive FROM review_criteria WHERE id = @newId", new { newId }), ct);

    /// <summary>Catalogs are city-wide, so only a region admin of a city (a root region) edits them.</summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> SaveAsync<T>(
        long? id, CallerAccessor callers, MySqlDataSource db, string table, string noun, string sql, object args, Func<MySqlConnection, long, Task<T>> read, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        if (!caller.GrantsOf(Roles.RegionAdmin).Any(g => g.Level == 1))
        {
            return ApiProblem.Forbidden($"只有市级管理员可以维护{noun}。");
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        if (id is not null && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition($"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = @id)", new { id }, cancellationToken: ct)))
        {
            return ApiProblem.NotFound("not_found", $"该{noun}不存在。");
        }

        try
        {
            var savedId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, args, cancellationToken: ct));
            return TypedResults.Ok(await read(connection, savedId));
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return ApiProblem.Conflict("name_taken", $"已有同名的{noun}。");
        }
    }

    internal sealed class CategoryValidator : AbstractValidator<CategoryRequest>
    {
        public CategoryValidator() =>
            RuleFor(x => x.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("请填写类别名称。").MaximumLength(30).WithMessage("类别名称不超过 30 个字。");
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
