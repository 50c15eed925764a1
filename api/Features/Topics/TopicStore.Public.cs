using Dapper;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// The public actions' side of the store (comment, support, sign-up, evaluation, a report): many residents act on one
/// topic at once, so they are checked on a read's connection without the topic's lock, with the action's own reads in
/// the same round trip, and decided again (<see cref="Recheck"/>) on the state their own transaction locks.
/// </summary>
public sealed partial class TopicStore
{
    /// <summary>
    /// Checks a public action (comment, support, sign-up, evaluation) without taking the topic's version: many residents
    /// act at once. The topic's state and the caller's grants (when the request has not read them yet) in one round trip.
    /// </summary>
    public async Task<(TopicState? Topic, Caller Caller, ProblemHttpResult? Problem)> CheckPublicAsync(long topicId, string actionName, CancellationToken ct)
    {
        var (topic, caller, problem, _) = await CheckPublicAsync(topicId, actionName, "", null, NoReads, ct);
        return (topic, caller, problem);
    }

    /// <summary>
    /// As above, with <paramref name="alsoSql"/> (the action's own reads, e.g. the caller's openid for the content check)
    /// in the same round trip, read by <paramref name="alsoRead"/>: they are read whether or not the action is allowed.
    /// </summary>
    public async Task<(TopicState? Topic, Caller Caller, ProblemHttpResult? Problem, T Also)> CheckPublicAsync<T>(
        long topicId, string actionName, string alsoSql, object? alsoArgs, Func<SqlMapper.GridReader, Task<T>> alsoRead, CancellationToken ct)
    {
        var (row, caller, also) = await reads.RunAsync(connection => ReadStateAsync(connection, topicId, alsoSql, alsoArgs, alsoRead, ct), ct);
        if (row is null || !CanSee(caller, row.State, row.Moderation))
        {
            return (null, caller, TopicNotFound(), also);
        }

        var action = Workflow.Get(actionName);
        var actors = Workflow.ActorsFor(caller, row.State);
        var verdict = Workflow.Check(action, row.State, actors);
        return verdict.Kind == VerdictKind.Allowed
            ? (row.State, caller, null, also)
            : (row.State, caller, Refusal(action, row.State, actors, verdict), also);
    }

    /// <summary>
    /// The topic as the caller may see it (null when they may not), with the caller, in one round trip on
    /// <paramref name="connection"/> (a read's): for a read that goes on to read more of the topic on the same connection.
    /// </summary>
    public async Task<(TopicState? Topic, string? Moderation, Caller Caller)> ReadVisibleAsync(MySqlConnection connection, long topicId, CancellationToken ct)
    {
        var (topic, moderation, caller, _) = await ReadVisibleOnAsync(connection, topicId, "", null, NoReads, ct);
        return (topic, moderation, caller);
    }

    /// <summary>As above on a read's connection of its own, with <paramref name="alsoSql"/>'s reads (read by <paramref name="alsoRead"/>) in the same round trip.</summary>
    public Task<(TopicState? Topic, string? Moderation, Caller Caller, T Also)> ReadVisibleAsync<T>(
        long topicId, string alsoSql, object? alsoArgs, Func<SqlMapper.GridReader, Task<T>> alsoRead, CancellationToken ct) =>
        reads.RunAsync(connection => ReadVisibleOnAsync(connection, topicId, alsoSql, alsoArgs, alsoRead, ct), ct);

    private async Task<(TopicState? Topic, string? Moderation, Caller Caller, T Also)> ReadVisibleOnAsync<T>(
        MySqlConnection connection, long topicId, string alsoSql, object? alsoArgs, Func<SqlMapper.GridReader, Task<T>> alsoRead, CancellationToken ct)
    {
        var (row, caller, also) = await ReadStateAsync(connection, topicId, alsoSql, alsoArgs, alsoRead, ct);
        return row is not null && CanSee(caller, row.State, row.Moderation) ? (row.State, row.Moderation, caller, also) : (null, null, caller, also);
    }

    /// <summary>The topic's state, <paramref name="alsoSql"/>'s reads and the caller's grants when the request has not read them yet, in one round trip.</summary>
    private async Task<(StateRow? Row, Caller Caller, T Also)> ReadStateAsync<T>(
        MySqlConnection connection, long topicId, string alsoSql, object? alsoArgs, Func<SqlMapper.GridReader, Task<T>> alsoRead, CancellationToken ct)
    {
        var unread = callers.UnreadUserId;
        var args = new DynamicParameters(alsoArgs);
        args.AddDynamicParams(new { id = topicId, userId = unread ?? 0 });
        StateRow? row;
        List<CallerGrant> grants;
        T also;
        await using (var read = await connection.QueryResultsAsync(new CommandDefinition(
            alsoSql.Length == 0 ? PublicStateSql : $"{PublicStateSql};\n{alsoSql}", args, cancellationToken: ct)))
        {
            row = await read.ReadSingleOrDefaultAsync<StateRow>();
            grants = (await read.ReadAsync<CallerGrant>()).AsList();
            also = await alsoRead(read);
        }

        return (row, unread is { } userId ? callers.Adopt(userId, grants) : await callers.GetAsync(ct), also);
    }

    private const string PublicStateSql = $"{StateSql};\n{CallerAccessor.GrantsSql}";

    /// <summary>No reads of the action's own.</summary>
    private static readonly Func<SqlMapper.GridReader, Task<int>> NoReads = _ => Task.FromResult(0);

    /// <summary>A public action whose topic moved on between its check and its write (nothing was written).</summary>
    public static ProblemHttpResult TopicChanged() => ApiProblem.Conflict("topic_changed", "这个问题刚刚有了新进展，请下拉刷新看看最新情况，再决定下一步。");

    /// <summary>
    /// A public action checked without the topic's lock is decided again on <paramref name="status"/>, read under it in
    /// its transaction: the topic may have moved on meanwhile (a meeting held, comments closed). Null when it still allows it.
    /// </summary>
    public static ProblemHttpResult? Recheck(string actionName, string? status) =>
        status is not null && Workflow.Get(actionName).From.Contains(status) ? null : TopicChanged();
}
