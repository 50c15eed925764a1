using Dapper;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// Runs workflow actions: checks <see cref="Workflow"/> against the topic's current state, read under the topic's row
/// lock, then in the same transaction moves the status, applies the action's own writes and appends the timeline event.
/// Of two staff acting at once, the second waits for the first and is then checked against the state it left (409 with
/// the current state when the action no longer fits). Round trips: the lock with the caller's grants and the state; any
/// read the action makes to validate; the writes, the observers' statements and the commit; the answer's detail.
/// </summary>
public sealed partial class TopicStore(MySqlDataSource db, Reads reads, CallerAccessor callers, TopicViews views, TopicChanges changes, TimeProvider clock)
{
    private const string StateSql = $"""
        SELECT t.id, t.room_id AS RoomId, r.path AS RoomPath, t.status, t.round, t.version, t.classification, t.proposer_user_id AS ProposerUserId,
               (SELECT COUNT(*) FROM tasks k WHERE k.topic_id = t.id AND k.round = t.round) AS Tasks,
               (SELECT COUNT(*) FROM tasks k WHERE k.topic_id = t.id AND k.round = t.round AND k.progress < 100) AS OpenTasks,
               (SELECT GROUP_CONCAT(DISTINCT k.unit SEPARATOR '\n') FROM tasks k WHERE k.topic_id = t.id AND k.round = t.round) AS TaskUnits,
               t.moderation, t.title, t.receipt_no AS ReceiptNo, m.name AS RoomName, {Doubts.UnansweredOfTopic} AS UnansweredDoubts,
               t.reviewed_at AS ReviewedAt, t.category_id AS CategoryId, t.submitted_at AS SubmittedAt,
               t.region_l1 AS L1, t.region_l2 AS L2, t.region_l3 AS L3, t.region_l4 AS L4
        FROM topics t JOIN rooms m ON m.id = t.room_id JOIN regions r ON r.id = m.region_id
        WHERE t.id = @id
        """;

    /// <summary>
    /// The topic's row lock first, so the state read after it (read committed: the latest committed state) is the state
    /// no one else can change until this transaction ends; what it last added to the statistics; the caller's grants when
    /// the request has not read them yet.
    /// </summary>
    private static readonly string LockedStateSql = $"""
        {ChangeScript.Begin};
        SELECT id FROM topics WHERE id = @id FOR UPDATE;
        {StateSql};
        SELECT status, classification, reviewed_at AS ReviewedAt, category_id AS CategoryId FROM stats_topics WHERE topic_id = @id;
        {CallerAccessor.GrantsSql};
        """;

    private sealed record StateRow(
        long Id, long RoomId, string RoomPath, string Status, int Round, int Version, string? Classification, long? ProposerUserId,
        long Tasks, long OpenTasks, string? TaskUnits, string Moderation, string Title, string ReceiptNo, string RoomName, long UnansweredDoubts,
        DateTime? ReviewedAt, long CategoryId, DateTime SubmittedAt, long? L1, long? L2, long? L3, long? L4)
    {
        /// <summary>What the topic row holds of the facts the statistics count.</summary>
        public CountedFacts Counted => new(Status, Classification, ReviewedAt, CategoryId);

        public TopicState State => new(Id, RoomId, RoomPath, Status, Round, Version, Classification, ProposerUserId, (int)Tasks, (int)OpenTasks,
            TaskUnits?.Split('\n').ToHashSet() ?? [])
        { UnansweredDoubts = (int)UnansweredDoubts };
    }

    /// <summary>What the topic last added to the statistics (stats_topics).</summary>
    private sealed record KeptRow(string Status, string? Classification, DateTime? ReviewedAt, long? CategoryId);

    /// <summary>The staff who see every topic of the rooms under their grants, whatever its status or moderation.</summary>
    public static readonly string[] SeeEveryTopic = [Roles.Reviewer, Roles.RoomAdmin, Roles.RegionAdmin, Roles.CppccMember];

    /// <summary>Whether the caller may see the topic at all: public topics to everyone, others to the proposer and the staff over its room.</summary>
    public static bool CanSee(Caller caller, TopicState topic, string moderation) =>
        (TopicStatus.Public.Contains(topic.Status) && moderation == "visible")
        || (caller.UserId is { } id && id == topic.ProposerUserId)
        || caller.HasAnyRole(topic.RoomPath, SeeEveryTopic);

    /// <summary>
    /// Runs <paramref name="actionName"/> on a topic. <paramref name="apply"/> makes the action's own writes inside the
    /// transaction and may refuse with a problem (then nothing is written). Returns the topic as the caller now sees it.
    /// </summary>
    public Task<Results<Ok<TopicDetail>, ProblemHttpResult>> RunAsync(
        long topicId, string actionName, string? note, Func<ActionContext, Task<ProblemHttpResult?>>? apply, CancellationToken ct) =>
        RunAsync(topicId, actionName, note, apply, confirmed: false, ct);

    /// <summary>
    /// As above, for an action that may need a confirmation (<see cref="TopicAction.Confirm"/>): without
    /// <paramref name="confirmed"/> it is refused (422) when the confirmation applies; with it, the timeline's note records it.
    /// </summary>
    public async Task<Results<Ok<TopicDetail>, ProblemHttpResult>> RunAsync(
        long topicId, string actionName, string? note, Func<ActionContext, Task<ProblemHttpResult?>>? apply, bool confirmed, CancellationToken ct)
    {
        var action = Workflow.Get(actionName);
        var now = clock.StoredNow();
        var unread = callers.UnreadUserId;
        // A deadlock with another change (InnoDB rolled it back whole) runs the transaction again (Deadlocks). The connection
        // that committed comes out of it open: the answer is read back on it, and a failure of that read never runs the
        // change again.
        var (connection, caller, refusal) = await Deadlocks.RetryAsync<(MySqlConnection?, Caller, ProblemHttpResult?)>(async () =>
        {
            var connection = await db.OpenConnectionAsync(ct);
            try
            {
                StateRow? row;
                KeptRow? kept;
                Caller caller;
                await using (var read = await connection.QueryResultsAsync(new CommandDefinition(LockedStateSql, new { id = topicId, userId = unread ?? 0 }, cancellationToken: ct)))
                {
                    await read.ReadSingleOrDefaultAsync<long?>();
                    row = await read.ReadSingleOrDefaultAsync<StateRow>();
                    kept = await read.ReadSingleOrDefaultAsync<KeptRow>();
                    var grants = await read.ReadAsync<CallerGrant>();
                    caller = unread is { } userId ? callers.Adopt(userId, grants) : await callers.GetAsync(ct);
                }

                if (await DecideAsync(connection, row, kept, action, note, apply, caller, now, confirmed, ct) is { } refusal)
                {
                    await ChangeScript.RollBackAsync(connection);
                    await connection.DisposeAsync();
                    return (null, caller, refusal);
                }

                return (connection, caller, null);
            }
            catch
            {
                await ChangeScript.RollBackAsync(connection);
                await connection.DisposeAsync();
                throw;
            }
        }, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        await using (connection)
        {
            return TypedResults.Ok(await views.ReadBackAsync(connection!, topicId, caller, ct));
        }
    }

    /// <summary>Checks the action against the locked state and, when it is allowed, writes it and commits; else the refusal (nothing written).</summary>
    private async Task<ProblemHttpResult?> DecideAsync(
        MySqlConnection connection, StateRow? row, KeptRow? kept, TopicAction action, string? note, Func<ActionContext, Task<ProblemHttpResult?>>? apply, Caller caller, DateTime now,
        bool confirmed, CancellationToken ct)
    {
        if (row is null || !CanSee(caller, row.State, row.Moderation))
        {
            return TopicNotFound();
        }

        var topic = row.State;
        var actors = Workflow.ActorsFor(caller, topic);
        var verdict = Workflow.Check(action, topic, actors);
        if (verdict.Kind != VerdictKind.Allowed)
        {
            return Refusal(action, topic, actors, verdict);
        }

        if (Workflow.ConfirmationFor(action, topic) is not null)
        {
            if (!confirmed)
            {
                var state = CurrentState(topic, actors);
                state["unansweredDoubts"] = topic.UnansweredDoubts;
                return ApiProblem.Create(422, Confirmations.UnansweredDoubts, Doubts.Refusal(topic.UnansweredDoubts, action.ChineseName), state);
            }

            note = note is null ? Doubts.ConfirmedNote(topic.UnansweredDoubts) : $"{note}；{Doubts.ConfirmedNote(topic.UnansweredDoubts)}";
        }

        var to = action.To ?? topic.Status;
        var script = new ChangeScript(connection, null, ct).Add(
            "UPDATE topics SET status = @movedTo, version = version + 1, updated_at = @movedAt WHERE id = @movedId",
            new { movedTo = to, movedAt = now, movedId = topic.Id });
        var context = new ActionContext(script, topic, caller, now) { Note = note, Counted = row.Counted };
        if (apply is not null && await apply(context) is { } refusal)
        {
            return refusal;
        }

        var counted = context.Counted with { Status = to };
        if (counted with { Status = row.Status } != row.Counted)
        {
            script.Add(
                "UPDATE topics SET reviewed_at = @countedAt, classification = @countedClassification, category_id = @countedCategory WHERE id = @countedId",
                new { countedAt = counted.ReviewedAt, countedClassification = counted.Classification, countedCategory = counted.CategoryId, countedId = topic.Id });
        }

        var (role, unit) = caller.ActingAs(topic.RoomPath, RolesOf(action.Who));
        script.Add(
            """
            INSERT INTO topic_events (topic_id, round, action, from_status, to_status, actor_user_id, actor_role, actor_unit, note, created_at)
            VALUES (@eventTopicId, (SELECT round FROM topics WHERE id = @eventTopicId), @eventAction, @eventFrom, @eventTo, @eventUserId, @eventRole, @eventUnit, @eventNote, @eventNow)
            """,
            new { eventTopicId = topic.Id, eventAction = action.Name, eventFrom = topic.Status, eventTo = to, eventUserId = caller.UserId, eventRole = role, eventUnit = unit, eventNote = context.Note, eventNow = now });
        // What the topic last added to the statistics; a row kept before categories were (NULL) counted under its category.
        var before = kept is null ? null : new CountedFacts(kept.Status, kept.Classification, kept.ReviewedAt, kept.CategoryId ?? row.CategoryId);
        await changes.PublishAsync(new TopicChange(script, topic.Id, action.Name, topic.Status, to, caller, now,
            new CountedChange(before, counted, row.SubmittedAt, [row.L1, row.L2, row.L3, row.L4]),
            Headline: new TopicHeadline(row.Title, row.ReceiptNo, row.Moderation, row.ProposerUserId, row.RoomName)));
        await script.Add("COMMIT").ExecuteAsync();
        return null;
    }

    public static ProblemHttpResult TopicNotFound() => ApiProblem.NotFound("topic_not_found", "没有找到这个问题：它可能还在审核，或者没有公开。请核对查询号，或回到议事室查看。");

    private static ProblemHttpResult Refusal(TopicAction action, TopicState topic, Actors actors, Verdict verdict) => verdict.Kind switch
    {
        VerdictKind.Forbidden => ApiProblem.Forbidden($"您不能对这个问题进行“{action.ChineseName}”。"),
        VerdictKind.WrongState => ApiProblem.Create(409, "invalid_transition",
            $"这个问题现在是“{TopicStatus.Name(topic.Status)}”，不能进行“{action.ChineseName}”。请下拉刷新，看看最新情况。", CurrentState(topic, actors)),
        _ => ApiProblem.Create(422, "action_precondition_failed", verdict.Reason!, CurrentState(topic, actors)),
    };

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
