using Dapper;
using MaShangYi.Api.Features.Photos;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// What a topic detail is read by: the topic's row and a plain indexed query per section, by id or by receipt number,
/// and the rows they give. Who may see what of them is decided in <see cref="Compose"/>.
/// </summary>
public sealed partial class TopicViews
{
    private sealed record Row(
        long Id, string ReceiptNo, long RoomId, string RoomName, string RoomPath, string Title, string Description, long CategoryId, string CategoryName,
        string? LocationText, long? ProposerUserId, bool IsAnonymous, string? ProposerName, string Source, byte[]? ProxyNameEnc, byte[]? ProxyPhoneEnc,
        string Status, string Moderation, int Round, int Version, string? Classification, string? ClassNote, DateTime? NextReviewOn,
        DateTime? AnnouncementEndsOn, long? MergedIntoId, string? MergedReceiptNo, string? MergedTitle, long? RejectionCriterionId, string? CriterionTitle,
        string? RejectionReason, string? ReferralTarget, string? ReferralRef, string? EscalationKind, string? EscalationTarget, string? EscalationRef,
        string? ResolutionText, DateTime? ResolutionDeadline, string? ResultText, int SupportCount, int CommentCount, DateTime SubmittedAt, DateTime UpdatedAt,
        long Supported);

    public sealed record EventRow(DateTime CreatedAt, int Round, string Action, string? FromStatus, string ToStatus, string ActorRole, string? ActorUnit, string? Note);

    // COUNT(*) rather than EXISTS for "supported": a BIGINT on every engine, which the record's constructor can rely on
    // (one row at most: the key is (topic_id, user_id)).
    private static string DetailSql(string id) => $"""
        SELECT t.id, t.receipt_no AS ReceiptNo, t.room_id AS RoomId, m.name AS RoomName, r.path AS RoomPath, t.title, t.description,
               t.category_id AS CategoryId, c.name AS CategoryName, t.location_text AS LocationText, t.proposer_user_id AS ProposerUserId,
               t.is_anonymous AS IsAnonymous, t.proposer_name AS ProposerName, t.source, t.proxy_name_enc AS ProxyNameEnc, t.proxy_phone_enc AS ProxyPhoneEnc,
               t.status, t.moderation, t.round, t.version, t.classification, t.class_note AS ClassNote, t.next_review_on AS NextReviewOn,
               t.announcement_ends_on AS AnnouncementEndsOn, t.merged_into_id AS MergedIntoId, mt.receipt_no AS MergedReceiptNo, mt.title AS MergedTitle,
               t.rejection_criterion_id AS RejectionCriterionId, rc.title AS CriterionTitle, t.rejection_reason AS RejectionReason,
               t.referral_target AS ReferralTarget, t.referral_ref AS ReferralRef, t.escalation_kind AS EscalationKind, t.escalation_target AS EscalationTarget,
               t.escalation_ref AS EscalationRef, t.resolution_text AS ResolutionText, t.resolution_deadline AS ResolutionDeadline, t.result_text AS ResultText,
               t.support_count AS SupportCount, t.comment_count AS CommentCount, t.submitted_at AS SubmittedAt, t.updated_at AS UpdatedAt,
               (SELECT COUNT(*) FROM topic_supports WHERE topic_id = t.id AND user_id = @userId) AS Supported
        FROM topics t
        JOIN rooms m ON m.id = t.room_id
        JOIN regions r ON r.id = m.region_id
        JOIN topic_categories c ON c.id = t.category_id
        LEFT JOIN topics mt ON mt.id = t.merged_into_id
        LEFT JOIN review_criteria rc ON rc.id = t.rejection_criterion_id
        WHERE t.id = {id};
        """;

    public sealed record ReportRow(long Id, int Round, string Title, string Body, string AuthorRole, string AuthorUnit, DateTime CreatedAt);

    public sealed record MeetingRow(long Id, int Round, string Mode, DateTime StartsAt, string? Place, string? OnlineLink, string Convener, int Capacity, int SignupCount, string? Minutes, DateTime? MinutesAt);

    public sealed record ParticipantRow(long Id, long MeetingId, long? UserId, string Name, string Party, string AttendMode);

    public sealed record TaskRow(long Id, int Round, string Title, string LeadPerson, string Unit, DateTime DueOn, int Progress);

    public sealed record MilestoneRow(long Id, long TaskId, string Title, DateTime DueOn, DateTime? DoneAt);

    public sealed record UpdateRow(long Id, long TaskId, int Progress, string Note, DateTime CreatedAt);

    /// <summary>The evaluation whatever its moderation: the detail shows a held comment to its author only.</summary>
    public sealed record EvaluationRow(long UserId, bool IsProposer, bool Solved, bool Satisfied, string? Comment, string Moderation, DateTime CreatedAt);

    /// <summary>The rows behind a detail's sections; who may see what of them is decided in <see cref="Compose"/>.</summary>
    private sealed record Sections(
        List<EventRow> Events, List<ReportRow> Reports, List<MeetingRow> Meetings, List<ParticipantRow> Participants,
        List<TaskRow> Tasks, List<MilestoneRow> Milestones, List<UpdateRow> Updates, List<EvaluationRow> Evaluations, List<PhotoRow> Photos,
        (long Unanswered, long Answered) Doubts);

    /// <summary>
    /// Each section by the topic_id index of its table (participants, milestones and updates through their meeting's or
    /// task's). Those three are sorted here, not by the database: ordered by a column of the joined table, each built a
    /// temporary table to sort a handful of rows, at every detail.
    /// </summary>
    private static string SectionsSql(string id) => $"""
        SELECT {EventColumns} FROM topic_events WHERE topic_id = {id} ORDER BY id;
        SELECT id, round, title, body, author_role AS AuthorRole, author_unit AS AuthorUnit, created_at AS CreatedAt FROM research_reports WHERE topic_id = {id} ORDER BY id;
        SELECT id, round, mode, starts_at AS StartsAt, place, online_link AS OnlineLink, convener, capacity, signup_count AS SignupCount, minutes, minutes_at AS MinutesAt
          FROM meetings WHERE topic_id = {id} ORDER BY starts_at, id;
        SELECT p.id, p.meeting_id AS MeetingId, p.user_id AS UserId, p.name, p.party, p.attend_mode AS AttendMode
          FROM meeting_participants p JOIN meetings g ON g.id = p.meeting_id WHERE g.topic_id = {id};
        SELECT id, round, title, lead_person AS LeadPerson, unit, due_on AS DueOn, progress FROM tasks WHERE topic_id = {id} ORDER BY id;
        SELECT s.id, s.task_id AS TaskId, s.title, s.due_on AS DueOn, s.done_at AS DoneAt FROM task_milestones s JOIN tasks k ON k.id = s.task_id WHERE k.topic_id = {id};
        SELECT u.id, u.task_id AS TaskId, u.progress, u.note, u.created_at AS CreatedAt FROM task_updates u JOIN tasks k ON k.id = u.task_id WHERE k.topic_id = {id};
        SELECT user_id AS UserId, is_proposer AS IsProposer, solved, satisfied, comment, moderation, created_at AS CreatedAt
          FROM evaluations WHERE topic_id = {id} AND round = (SELECT round FROM topics WHERE id = {id}) ORDER BY id;
        SELECT {PhotoViews.Columns} FROM photos WHERE topic_id = {id} AND attached_kind IN ('topic','progress','result') AND status IN {PhotoViews.Shown} ORDER BY id;
        SELECT CAST(COALESCE(SUM(c.answered_at IS NULL), 0) AS SIGNED), CAST(COALESCE(SUM(c.answered_at IS NOT NULL), 0) AS SIGNED)
          FROM topic_comments c WHERE c.topic_id = {id} AND {Doubts.Published};
        """;

    private static async Task<Sections> ReadSectionsAsync(SqlMapper.GridReader read) => new(
        (await read.ReadAsync<EventRow>()).AsList(),
        (await read.ReadAsync<ReportRow>()).AsList(),
        (await read.ReadAsync<MeetingRow>()).AsList(),
        [.. (await read.ReadAsync<ParticipantRow>()).OrderBy(p => p.Id)],
        (await read.ReadAsync<TaskRow>()).AsList(),
        [.. (await read.ReadAsync<MilestoneRow>()).OrderBy(s => s.DueOn).ThenBy(s => s.Id)],
        [.. (await read.ReadAsync<UpdateRow>()).OrderByDescending(u => u.Id)],
        (await read.ReadAsync<EvaluationRow>()).AsList(),
        (await read.ReadAsync<PhotoRow>()).AsList(),
        await read.ReadSingleAsync<(long, long)>());

    private static readonly string ByIdSql = DetailSql("@id") + SectionsSql("@id");

    /// <summary>The receipt's topic is the subquery in every statement: one lookup on the receipt's unique key each, a constant to the plan.</summary>
    private static readonly string ByReceiptSql = DetailSql(ReceiptTopic) + SectionsSql(ReceiptTopic);

    private const string ReceiptTopic = "(SELECT id FROM topics WHERE receipt_no IN @candidates ORDER BY id LIMIT 1)";

    public const string EventColumns = "created_at AS CreatedAt, round, action, from_status AS FromStatus, to_status AS ToStatus, actor_role AS ActorRole, actor_unit AS ActorUnit, note";
}
