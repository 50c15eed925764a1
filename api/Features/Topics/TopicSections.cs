using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Dapper;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Options;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// The raw rows behind a topic detail's sections (timeline, reports, meetings, tasks, this round's evaluations), read
/// from their eight tables or from the topic_sections cache (db-migrations/V3_7). The cache is valid while its rev equals
/// topics.sections_rev, which every write to a section table bumps in its own transaction (<see cref="Bump"/>).
/// The rows are caller-independent: who may see what (held evaluation comments, one's own sign-up) is decided on top.
/// </summary>
public sealed partial class TopicSections(IOptions<TopicsOptions> options, TimeProvider clock, ILogger<TopicSections> logger)
{
    /// <summary>Goes in the UPDATE topics of every transaction that writes a section table (see <see cref="BumpAsync"/>).</summary>
    public const string Bump = "sections_rev = sections_rev + 1";

    /// <summary>Bumped when the shape or meaning of the rows below changes: a body of another format is not used.</summary>
    private const int Format = 1;

    public sealed record ReportRow(long Id, int Round, string Title, string Body, string AuthorRole, string AuthorUnit, DateTime CreatedAt);

    public sealed record MeetingRow(long Id, int Round, string Mode, DateTime StartsAt, string? Place, string? OnlineLink, string Convener, int Capacity, int SignupCount, string? Minutes, DateTime? MinutesAt);

    public sealed record ParticipantRow(long MeetingId, long? UserId, string Name, string Party, string AttendMode);

    public sealed record TaskRow(long Id, int Round, string Title, string LeadPerson, string Unit, DateTime DueOn, int Progress);

    public sealed record MilestoneRow(long Id, long TaskId, string Title, DateTime DueOn, DateTime? DoneAt);

    public sealed record UpdateRow(long TaskId, int Progress, string Note, DateTime CreatedAt);

    /// <summary>The comment whatever its moderation: the detail shows a held one to its author only.</summary>
    public sealed record EvaluationRow(long UserId, bool IsProposer, bool Solved, bool Satisfied, string? Comment, string Moderation, DateTime CreatedAt);

    public sealed record Rows(
        int Format, List<TopicViews.EventRow> Events, List<ReportRow> Reports, List<MeetingRow> Meetings, List<ParticipantRow> Participants,
        List<TaskRow> Tasks, List<MilestoneRow> Milestones, List<UpdateRow> Updates, List<EvaluationRow> Evaluations);

    private const string SectionsSql = $"""
        SELECT {TopicViews.EventColumns} FROM topic_events WHERE topic_id = @id ORDER BY id;
        SELECT id, round, title, body, author_role AS AuthorRole, author_unit AS AuthorUnit, created_at AS CreatedAt FROM research_reports WHERE topic_id = @id ORDER BY id;
        SELECT id, round, mode, starts_at AS StartsAt, place, online_link AS OnlineLink, convener, capacity, signup_count AS SignupCount, minutes, minutes_at AS MinutesAt
          FROM meetings WHERE topic_id = @id ORDER BY starts_at, id;
        SELECT p.meeting_id AS MeetingId, p.user_id AS UserId, p.name, p.party, p.attend_mode AS AttendMode
          FROM meeting_participants p JOIN meetings g ON g.id = p.meeting_id WHERE g.topic_id = @id ORDER BY p.id;
        SELECT id, round, title, lead_person AS LeadPerson, unit, due_on AS DueOn, progress FROM tasks WHERE topic_id = @id ORDER BY id;
        SELECT s.id, s.task_id AS TaskId, s.title, s.due_on AS DueOn, s.done_at AS DoneAt FROM task_milestones s JOIN tasks k ON k.id = s.task_id WHERE k.topic_id = @id ORDER BY s.due_on, s.id;
        SELECT u.task_id AS TaskId, u.progress, u.note, u.created_at AS CreatedAt FROM task_updates u JOIN tasks k ON k.id = u.task_id WHERE k.topic_id = @id ORDER BY u.id DESC;
        SELECT user_id AS UserId, is_proposer AS IsProposer, solved, satisfied, comment, moderation, created_at AS CreatedAt
          FROM evaluations WHERE topic_id = @id AND round = (SELECT round FROM topics WHERE id = @id) ORDER BY id;
        """;

    private const string RevSql = "SELECT sections_rev FROM topics WHERE id = @id";

    // Never replaces a body labelled with a newer rev (a slower reader must not undo a faster one's newer build); an
    // equal rev is replaced, so a body that cannot be used (corrupt, another format) heals on the next read. In MySQL
    // the assignments run left to right and later ones see the new values: rev goes last.
    private const string StoreSql = """
        INSERT INTO topic_sections (topic_id, rev, body, built_at) VALUES (@id, @rev, @body, @now)
        ON DUPLICATE KEY UPDATE body = IF(VALUES(rev) >= rev, VALUES(body), body), built_at = IF(VALUES(rev) >= rev, VALUES(built_at), built_at),
                                rev = GREATEST(rev, VALUES(rev))
        """;

    /// <summary>Marks a topic's sections changed, inside the transaction that changes them, when no UPDATE topics is made anyway.</summary>
    public static Task BumpAsync(MySqlConnection connection, MySqlTransaction tx, long topicId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition($"UPDATE topics SET {Bump} WHERE id = @topicId", new { topicId }, tx, cancellationToken: ct));

    /// <summary>
    /// The topic's section rows: from <paramref name="cachedBody"/> when it is labelled with the topic's current
    /// <paramref name="rev"/>, else read from the tables (a second round trip) and cached for the next reader.
    /// <paramref name="rev"/> must have been read before this call, in the statement that read the cached body.
    /// </summary>
    public async Task<Rows> GetAsync(MySqlConnection connection, long topicId, int rev, int? cachedRev, string? cachedBody, CancellationToken ct)
    {
        if (cachedRev == rev && cachedBody is not null && Parse(topicId, cachedBody) is { } cached)
        {
            if (options.Value.VerifySectionsCache)
            {
                await VerifyAsync(connection, topicId, rev, cachedBody, ct);
            }

            return cached;
        }

        var rows = await ReadAsync(connection, topicId, ct);
        // Labelled with the rev read BEFORE these rows: a write committed in between makes the rows newer than their
        // label, never older, so the body is at least as new as it claims. (Labelled with a rev read after, it could
        // claim a write it does not contain, and be served as current until the next write.)
        await StoreAsync(connection, topicId, rev, Serialize(rows), ct);
        return rows;
    }

    private static async Task<Rows> ReadAsync(MySqlConnection connection, long topicId, CancellationToken ct)
    {
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(SectionsSql, new { id = topicId }, cancellationToken: ct));
        return await ReadRowsAsync(results);
    }

    private static async Task<Rows> ReadRowsAsync(SqlMapper.GridReader results) => new(
        Format,
        (await results.ReadAsync<TopicViews.EventRow>()).AsList(),
        (await results.ReadAsync<ReportRow>()).AsList(),
        (await results.ReadAsync<MeetingRow>()).AsList(),
        (await results.ReadAsync<ParticipantRow>()).AsList(),
        (await results.ReadAsync<TaskRow>()).AsList(),
        (await results.ReadAsync<MilestoneRow>()).AsList(),
        (await results.ReadAsync<UpdateRow>()).AsList(),
        (await results.ReadAsync<EvaluationRow>()).AsList());

    private async Task StoreAsync(MySqlConnection connection, long topicId, int rev, string body, CancellationToken ct)
    {
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                StoreSql, new { id = topicId, rev, body, now = clock.StoredNow() }, cancellationToken: ct));
        }
        catch (MySqlException ex) when (!DatabaseFailures.IsConnectionLost(ex))
        {
            // The answer is already built from the tables; a cache that could not be written (a deadlock between two
            // readers storing the same topic, a lock wait) only means the next reader builds it again.
            logger.LogWarning(ex, "Could not cache the sections of topic {TopicId} (rev {Rev}); answering without", topicId, rev);
        }
    }

    /// <summary>
    /// The safety net for a write path that forgot <see cref="Bump"/>: the sections read again from the tables must be
    /// what the cache served. Compared only when sections_rev is the same before and after that read: writers bump it
    /// with their change, so then nothing changed in between and a difference is a missed bump, not a race.
    /// </summary>
    private static async Task VerifyAsync(MySqlConnection connection, long topicId, int rev, string cachedBody, CancellationToken ct)
    {
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            $"{RevSql};\n{SectionsSql}\n{RevSql};", new { id = topicId }, cancellationToken: ct));
        var before = await results.ReadSingleAsync<int>();
        var fresh = Serialize(await ReadRowsAsync(results));
        var after = await results.ReadSingleAsync<int>();
        if (before == rev && after == rev && fresh != cachedBody)
        {
            throw new InvalidOperationException(
                $"The cached sections of topic {topicId} (rev {rev}) differ from its tables: a write to a section table did not bump topics.sections_rev.\n" +
                $"cached: {cachedBody}\ntables: {fresh}");
        }
    }

    private Rows? Parse(long topicId, string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, Json.Rows) is { Format: Format } rows ? rows : null;
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "The cached sections of topic {TopicId} cannot be read; rebuilding them", topicId);
            return null;
        }
    }

    /// <summary>
    /// The sections of a topic just created, whose only row is its 'submit' event (rev 0): written with the topic, so the
    /// answer to the submission and the first reads are cache hits. The event must be exactly as the table will hold it.
    /// </summary>
    public static Rows NewTopicRows(TopicViews.EventRow submitted) => new(Format, [submitted], [], [], [], [], [], [], []);

    /// <summary>The stored form of <paramref name="rows"/>.</summary>
    public static string Body(Rows rows) => Serialize(rows);

    private static string Serialize(Rows rows) => JsonSerializer.Serialize(rows, Json.Rows);

    /// <summary>Chinese written as-is (a third of the size escaped); a missing or null list is a broken body, not an empty section.</summary>
    private static readonly SectionsJson Json = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    });

    [JsonSerializable(typeof(Rows))]
    private sealed partial class SectionsJson : JsonSerializerContext;
}
