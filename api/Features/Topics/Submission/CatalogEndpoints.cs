using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using FluentValidation;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;

namespace MaShangYi.Api.Features.Topics;

/// <summary>The topic categories: seeded by a migration, kept by a city admin. The 五议五不议 criteria are <see cref="ReviewCriteria"/>, a set for each city.</summary>
public static class CatalogEndpoints
{
    public sealed record Category(long Id, string Name, int SortOrder, bool IsActive);

    public sealed record CategoryRequest(string Name, int SortOrder, bool IsActive);

    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Catalog").WithValidation();
        group.MapGet("/categories", Categories).WithSummary("Topic categories (public); all=true includes inactive ones");
        group.MapPost("/categories", (CategoryRequest r, CallerAccessor c, MySqlDataSource db, CancellationToken ct) => SaveCategory(null, r, c, db, ct))
            .RequireAuthorization().WithSummary("Add a topic category (city admin)").ProducesProblem(403).ProducesProblem(409);
        group.MapPut("/categories/{id:long}", (long id, CategoryRequest r, CallerAccessor c, MySqlDataSource db, CancellationToken ct) => SaveCategory(id, r, c, db, ct))
            .RequireAuthorization().WithSummary("Edit or deactivate a topic category (city admin)").ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<Ok<List<Category>>> Categories(bool? all, Reads reads, CancellationToken ct) =>
        TypedResults.Ok((await reads.RunAsync(connection => connection.QueryAsync<Category>(new CommandDefinition(
            "SELECT id, name, sort_order AS SortOrder, is_active AS IsActive FROM topic_categories WHERE @all OR is_active = 1 ORDER BY sort_order, id",
            new { all = all == true }, cancellationToken: ct)), ct)).AsList());

    /// <summary>
    /// The categories are the installation's, one list for every city, so the statistics of a province add up by
    /// category; a city's admin keeps them (the console says, where there are several cities, that all of them share it).
    /// </summary>
    private static async Task<Results<Ok<Category>, ProblemHttpResult>> SaveCategory(long? id, CategoryRequest r, CallerAccessor callers, MySqlDataSource db, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        if (!caller.GrantsOf(Roles.RegionAdmin).Any(g => g.Level == 1))
        {
            return ApiProblem.Forbidden("只有市级管理员可以维护类别。");
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        if (id is not null && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM topic_categories WHERE id = @id)", new { id }, cancellationToken: ct)))
        {
            return ApiProblem.NotFound("not_found", "该类别不存在。");
        }

        try
        {
            var savedId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                id is null ? "INSERT INTO topic_categories (name, sort_order, is_active) VALUES (@Name, @SortOrder, @IsActive); SELECT LAST_INSERT_ID();"
                           : "UPDATE topic_categories SET name = @Name, sort_order = @SortOrder, is_active = @IsActive WHERE id = @id; SELECT @id;",
                new { id, r.Name, r.SortOrder, r.IsActive }, cancellationToken: ct));
            return TypedResults.Ok(await connection.QuerySingleAsync<Category>(new CommandDefinition(
                "SELECT id, name, sort_order AS SortOrder, is_active AS IsActive FROM topic_categories WHERE id = @savedId", new { savedId }, cancellationToken: ct)));
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return ApiProblem.Conflict("name_taken", "已有同名的类别。");
        }
    }

    internal sealed class CategoryValidator : AbstractValidator<CategoryRequest>
    {
        public CategoryValidator() =>
            RuleFor(x => x.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("请填写类别名称。").MaximumLength(30).WithMessage("类别名称不超过 30 个字。");
    }
}
