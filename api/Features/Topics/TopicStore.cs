using Dapper;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// Everything an action's own writes need: the open transaction, the topic as it was, the caller and the time. The
/// action's writes (<see cref="ExecuteAsync"/>) are queued on the change's <see cref="Script"/> and sent with its next
/// read (<see cref="ScalarAsync{T}"/>) or with the timeline event and the observers' writes; a read made on
/// <see cref="Connection"/> directly does not see them until <see cref="FlushAsync"/>.
/// </summary>
public sealed record ActionContext(ChangeScript Script, TopicState Topic, Caller Caller, DateTime Now)
{
    public MySqlConnection Connection => Script.Connection;

    public MySqlTransaction Transaction => Script.Transaction!;

    public CancellationToken Ct => Script.Ct;

    /// <summary>
    /// Queues a write of the action (its parameter names must not clash with other statements of the change). A statement
    /// run once per element of a list of arguments is sent at once, after what is queued.
    /// </summary>
    public async Task ExecuteAsync(string sql, object? args = null)
    {
        if (args is System.Collections.IEnumerable and not string)
        {
            await Script.ExecuteAsync();
            await Connection.ExecuteAsync(new CommandDefinition(sql, args, Transaction, cancellationToken: Ct));
            return;
        }

        Script.Add(sql, args);
    }

    /// <summary>Sends the queued writes and reads one value after them, in one round trip.</summary>
    public Task<T?> ScalarAsync<T>(string sql, object? args = null) =>
        Script.QueryAsync(sql, args, read => read.ReadSingleOrDefaultAsync<T?>());

    public Task FlushAsync() => Script.ExecuteAsync();
}

/// <summary>
/// Runs workflow actions: checks <see cref="Workflow"/> against the topic's current state, then in ONE transaction
/// moves the status (optimistically, on the version it read), applies the action's own writes and appends the
/// timeline event. Of two staff acting at once, one wins and the other gets 409 with the current state.
/// </summary>
public sealed class TopicStore(MySqlDataSource db, CallerAccessor callers, TopicViews views, TopicChanges changes, TimeProvider clock)
{
    private const string StateSql = """
        SELECT t.id, t.room_id AS RoomId, r.path AS RoomPath, t.status, t.round, t.version, t.classification, t.proposer_user_id AS ProposerUserId,
               (SELECT COUNT(*) FROM tasks k WHERE k.topic_id = t.id AND k.round = t.round) AS Tasks,
               (SELECT COUNT(*) FROM tasks k WHERE k.topic_id = t.id AND k.round = t.round AND k.progress < 100) AS OpenTasks,
               (SELECT GROUP_CONCAT(DISTINCT k.unit SEPARATOR '\n') FROM tasks k WHERE k.topic_id = t.id AND k.round = t.round) AS TaskUnits,
               t.moderation
        FROM topics t JOIN rooms m ON m.id = t.room_id JOIN regions r ON r.id = m.region_id
        WHERE t.id = @id
        """;

    private sealed record StateRow(long Id, long RoomId, string RoomPath, string Status, int Round, int Version, string? Classification, long? ProposerUserId, long Tasks, long OpenTasks, string? TaskUnits, string Moderation);

    public static async Task<(TopicState State, string Moderation)?> LoadStateAsync(MySqlConnection connection, long id, CancellationToken ct, MySqlTransaction? tx = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition(StateSql, new { id }, tx, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var units = row.TaskUnits?.Split('\n').ToHashSet() ?? [];
        return (new TopicState(row.Id, row.RoomId, row.RoomPath, row.Status, row.Round, row.Version, row.Classification, row.ProposerUserId, (int)row.Tasks, (int)row.OpenTasks, units), row.Moderation);
    }

    /// <summary>Whether the caller may see the topic at all: public topics to everyone, others to the proposer and the staff over its room.</summary>
    public static bool CanSee(Caller caller, TopicState topic, string moderation) =>
        (TopicStatus.Public.Contains(topic.Status) && moderation == "visible")
        || (caller.UserId is { } id && id == topic.ProposerUserId)
        || caller.HasAnyRole(topic.RoomPath, Roles.Reviewer, Roles.RoomAdmin, Roles.RegionAdmin, Roles.CppccMember);

    /// <summary>
    /// Runs <paramref name="actionName"/> on a topic. <paramref name="apply"/> makes the action's own writes inside the
    /// transaction and may refuse with a problem (then nothing is written). Returns the topic as the caller now sees it.
    /// </summary>
    public async Task<Results<Ok<TopicDetail>, ProblemHttpResult>> RunAsync(
        long topicId, string actionName, string? note, Func<ActionContext, Task<ProblemHttpResult?>>? apply, CancellationToken ct)
    {
        var action = Workflow.Get(actionName);
        var caller = await callers.GetAsync(ct);
        var now = clock.StoredNow();
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var loaded = await LoadStateAsync(connection, topicId, ct, tx);
            if (loaded is not { } found || !CanSee(caller, found.State, found.Moderation))
            {
                return TopicNotFound();
            }

            var topic = found.State;
            var actors = Workflow.ActorsFor(caller, topic);
            var verdict = Workflow.Check(action, topic, actors);
            if (verdict.Kind != VerdictKind.Allowed)
            {
                return await RefusalAsync(connection, tx, action, topic, actors, verdict, ct);
            }

            var to = action.To ?? topic.Status;
            var moved = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE topics SET status = @to, version = version + 1, updated_at = @now WHERE id = @Id AND version = @Version",
                new { to, now, topic.Id, topic.Version }, tx, cancellationToken: ct));
            if (moved == 0)
            {
                await tx.RollbackAsync(ct);
                return await ConflictAsync(topicId, caller, ct);
            }

            var script = new ChangeScript(connection, tx, ct);
            var context = new ActionContext(script, topic, caller, now);
            if (apply is not null && await apply(context) is { } refusal)
            {
                await tx.RollbackAsync(ct);
                return refusal;
            }

            var (role, unit) = caller.ActingAs(topic.RoomPath, RolesOf(action.Who));
            script.Add(
                """
                INSERT INTO topic_events (topic_id, round, action, from_status, to_status, actor_user_id, actor_role, actor_unit, note, created_at)
                VALUES (@eventTopicId, (SELECT round FROM topics WHERE id = @eventTopicId), @eventAction, @eventFrom, @eventTo, @eventUserId, @eventRole, @eventUnit, @eventNote, @eventNow)
                """,
                new { eventTopicId = topic.Id, eventAction = action.Name, eventFrom = topic.Status, eventTo = to, eventUserId = caller.UserId, eventRole = role, eventUnit = unit, eventNote = note, eventNow = now });
            await changes.PublishAsync(new TopicChange(script, topic.Id, action.Name, topic.Status, to, caller, now));
            await script.ExecuteAsync();
            await tx.CommitAsync(ct);
        }

        return TypedResults.Ok((await views.DetailAsync(topicId, caller, ct))!);
    }

    /// <summary>Checks a public action (comment, support, sign-up, evaluation) without taking the topic's version: many residents act at once.</summary>
    public async Task<(TopicState? Topic, Caller Caller, ProblemHttpResult? Problem)> CheckPublicAsync(long topicId, string actionName, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        var loaded = await LoadStateAsync(connection, topicId, ct);
        if (loaded is not { } found || !CanSee(caller, found.State, found.Moderation))
        {
            return (null, caller, TopicNotFound());
        }

        var action = Workflow.Get(actionName);
        var actors = Workflow.ActorsFor(caller, found.State);
        var verdict = Workflow.Check(action, found.State, actors);
        return verdict.Kind == VerdictKind.Allowed
            ? (found.State, caller, null)
            : (found.State, caller, await RefusalAsync(connection, null, action, found.State, actors, verdict, ct));
    }

    public static ProblemHttpResult TopicNotFound() => ApiProblem.NotFound("topic_not_found", "没有找到这个问题：它可能还在审核，或者没有公开。请核对查询号，或回到议事室查看。");

    private static async Task<ProblemHttpResult> RefusalAsync(
        MySqlConnection connection, MySqlTransaction? tx, TopicAction action, TopicState topic, Actors actors, Verdict verdict, CancellationToken ct)
    {
        if (tx is not null)
        {
            await tx.RollbackAsync(ct);
        }

        return verdict.Kind switch
        {
            VerdictKind.Forbidden => ApiProblem.Forbidden($"您不能对这个问题进行“{action.ChineseName}”。"),
            VerdictKind.WrongState => ApiProblem.Create(409, "invalid_transition",
                $"这个问题现在是“{TopicStatus.Name(topic.Status)}”，不能进行“{action.ChineseName}”。请下拉刷新，看看最新情况。", CurrentState(topic, actors)),
            _ => ApiProblem.Create(422, "action_precondition_failed", verdict.Reason!, CurrentState(topic, actors)),
        };
    }

    private async Task<ProblemHttpResult> ConflictAsync(long topicId, Caller caller, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var current = (await LoadStateAsync(connection, topicId, ct))!.Value.State;
        return ApiProblem.Create(409, "topic_changed", "这个问题刚刚有了新进展，请下拉刷新看看最新情况，再决定下一步。",
            CurrentState(current, Workflow.ActorsFor(caller, current)));
    }

    private static Dictionary<string, object?> CurrentState(TopicState topic, Actors actors) => new()
    {
        ["currentStatus"] = topic.Status,
        ["currentStatusName"] = TopicStatus.Name(topic.Status),
        ["version"] = topic.Version,
        ["allowedActions"] = Workflow.AllowedActions(topic, actors),
    };

    private static string[] RolesOf(Actors who) =>
    [
        .. who.HasFlag(Actors.Reviewer) ? new[] { Roles.Reviewer } : [],
        .. who.HasFlag(Actors.RoomAdmin) ? new[] { Roles.RoomAdmin } : [],
        .. who.HasFlag(Actors.CppccMember) ? new[] { Roles.CppccMember } : [],
        .. who.HasFlag(Actors.Implementer) ? new[] { Roles.Implementer } : [],
    ];
}
