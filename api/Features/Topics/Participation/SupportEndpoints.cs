using Dapper;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Topics;

/// <summary>码上建议: a resident supports a topic (one support per person, which they may withdraw while it is open).</summary>
public static class SupportEndpoints
{
    public sealed record SupportState(int SupportCount, bool SupportedByMe);

    public static IEndpointRouteBuilder MapSupportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/topics/{id:long}/support").WithTags("Participation").RequireAuthorization();
        group.MapPost("", Support)
            .WithSummary("Support a topic open for comment; one support per user (a second is 409 already_supported)")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapDelete("", Withdraw)
            .WithSummary("Withdraw the caller's support while the topic is open for comment")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<Results<Ok<SupportState>, ProblemHttpResult>> Support(
        long id, TopicStore store, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var (_, caller, problem) = await store.CheckPublicAsync(id, "support", ct);
        if (problem is not null)
        {
            return problem;
        }

        var userId = caller.UserId!.Value;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        // The primary key (topic_id, user_id) decides between two taps at once: the second inserts nothing.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT IGNORE INTO topic_supports (topic_id, user_id, created_at) VALUES (@id, @userId, @now)",
            new { id, userId, now = clock.StoredNow() }, tx, cancellationToken: ct));
        if (inserted == 0)
        {
            await tx.RollbackAsync(ct);
            return ApiProblem.Conflict("already_supported", "您已经支持过这个问题了。");
        }

        var count = await CountAsync(connection, tx, id, +1, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new SupportState(count, true));
    }

    private static async Task<Results<Ok<SupportState>, ProblemHttpResult>> Withdraw(long id, TopicStore store, MySqlDataSource db, CancellationToken ct)
    {
        var (_, caller, problem) = await store.CheckPublicAsync(id, "support", ct);
        if (problem is not null)
        {
            return problem;
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM topic_supports WHERE topic_id = @id AND user_id = @userId", new { id, userId = caller.UserId }, tx, cancellationToken: ct));
        if (deleted == 0)
        {
            await tx.RollbackAsync(ct);
            return ApiProblem.NotFound("support_not_found", "您还没有支持这个问题，不用撤回。");
        }

        var count = await CountAsync(connection, tx, id, -1, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new SupportState(count, false));
    }

    private static Task<int> CountAsync(MySqlConnection connection, MySqlTransaction tx, long id, int delta, CancellationToken ct) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            UPDATE topics SET support_count = support_count + @delta WHERE id = @id;
            SELECT support_count FROM topics WHERE id = @id;
            """,
            new { id, delta }, tx, cancellationToken: ct));
}
