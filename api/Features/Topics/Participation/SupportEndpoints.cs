using Dapper;
using MaShangYi.Api.Infrastructure.Database;
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
        var (_, caller, problem) = await store.CheckPublicAsync(id, ActionName.Support, ct);
        if (problem is not null)
        {
            return problem;
        }

        // The primary key (topic_id, user_id) decides between two taps at once: the second inserts nothing.
        return await ChangeAsync(db, id, +1,
            "INSERT IGNORE INTO topic_supports (topic_id, user_id, created_at) VALUES (@id, @userId, @now)", new { id, userId = caller.UserId, now = clock.StoredNow() },
            () => ApiProblem.Conflict("already_supported", "您已经支持过这个问题了。"), ct);
    }

    private static async Task<Results<Ok<SupportState>, ProblemHttpResult>> Withdraw(long id, TopicStore store, MySqlDataSource db, CancellationToken ct)
    {
        var (_, caller, problem) = await store.CheckPublicAsync(id, ActionName.Support, ct);
        if (problem is not null)
        {
            return problem;
        }

        return await ChangeAsync(db, id, -1,
            "DELETE FROM topic_supports WHERE topic_id = @id AND user_id = @userId", new { id, userId = caller.UserId },
            () => ApiProblem.NotFound("support_not_found", "您还没有支持这个问题，不用撤回。"), ct);
    }

    /// <summary>
    /// Adds or removes the caller's support (<paramref name="sql"/>) and counts it on the topic, in one transaction of two
    /// round trips; <paramref name="unchanged"/>'s problem when the support row was already so, and a refusal when the topic
    /// no longer takes supports (nothing is written then). The topic is locked first, so supports of one topic queue instead of deadlocking on the counter (the support's foreign key
    /// share-locks the topic row the count then updates); a deadlock or certification failure left runs it again.
    /// </summary>
    private static Task<Results<Ok<SupportState>, ProblemHttpResult>> ChangeAsync(
        MySqlDataSource db, long id, int delta, string sql, object args, Func<ProblemHttpResult> unchanged, CancellationToken ct) =>
        Deadlocks.RetryAsync<Results<Ok<SupportState>, ProblemHttpResult>>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            try
            {
                // The count and the state as the lock holds them: no one else changes them before this transaction ends.
                var script = new ChangeScript(connection, null, ct).Add(ChangeScript.Begin);
                var ((count, status), changed) = await script.QueryAsync($"SELECT support_count, status FROM topics WHERE id = @id FOR UPDATE; {sql}; SELECT ROW_COUNT()", args, async read =>
                    (await read.ReadSingleAsync<(int, string)>(), await read.ReadSingleAsync<long>()));
                if ((TopicStore.Recheck(ActionName.Support, status) ?? (changed == 0 ? unchanged() : null)) is { } refusal)
                {
                    await ChangeScript.RollBackAsync(connection);
                    return refusal;
                }

                await script.Add("UPDATE topics SET support_count = support_count + @delta WHERE id = @id; COMMIT", new { id, delta }).ExecuteAsync();
                return TypedResults.Ok(new SupportState(count + delta, delta > 0));
            }
            catch
            {
                await ChangeScript.RollBackAsync(connection);
                throw;
            }
        }, ct);
}
