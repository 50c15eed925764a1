using Dapper;
using MaShangYi.Api.Features.Photos;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Privacy;
using MaShangYi.Api.Infrastructure.Time;
using MySqlConnector;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// Builds the topic views: what each caller may see, with the timeline and every section. A detail is one round trip:
/// the topic with the caller's support, then a plain indexed query per section (<see cref="SectionsSql"/>).
/// </summary>
public sealed class TopicViews(Reads reads, CallerAccessor callers, PersonalData personalData, PhotoViews photoViews, TimeProvider clock)
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

    /// <summary>The topic as the current caller may see it; null when it does not exist or is not theirs to see.</summary>
    public async Task<TopicDetail?> DetailAsync(long id, Caller? caller, CancellationToken ct)
    {
        caller ??= await callers.GetAsync(ct);
        return (await ReadAsync(ByIdSql, new { id, userId = caller.UserId ?? 0 }, caller, ct))?.Detail;
    }

    /// <summary>
    /// The topic as <paramref name="caller"/> sees it just after they changed it (or found it under their submission's
    /// idempotency key), read on <paramref name="connection"/>, the connection that wrote or found it. On a cluster that
    /// node has the change; a new connection may reach another node (a switchover behind the proxy) that has not applied
    /// it yet, and the answer would be a topic not found. Not seeing it here is a bug, not a race.
    /// </summary>
    public async Task<TopicDetail> ReadBackAsync(MySqlConnection connection, long id, Caller caller, CancellationToken ct) =>
        (await ReadAsync(ByIdSql, new { id, userId = caller.UserId ?? 0 }, caller, ct, connection))?.Detail
        ?? throw new InvalidOperationException($"Topic {id} cannot be read back by user {caller.UserId}, who has just written or found it.");

    /// <summary>
    /// The topic of the receipt number (of <paramref name="candidates"/>, the spellings it may have, the first topic that
    /// has one), in one round trip: as <paramref name="caller"/> may see it, or else where it stands and its timeline
    /// without notes, nothing of its content; null when no topic has the number.
    /// </summary>
    public async Task<TopicQueryEndpoints.ReceiptLookup?> ByReceiptAsync(IReadOnlyList<string> candidates, Caller caller, CancellationToken ct)
    {
        if (await ReadAsync(ByReceiptSql, new { candidates, userId = caller.UserId ?? 0 }, caller, ct) is not var (row, sections, detail))
        {
            return null;
        }

        if (detail is not null)
        {
            return new(detail, null);
        }

        var stage = TopicStatus.Stage(row.Status);
        return new(null, new ReceiptStatus(
            row.ReceiptNo, row.Status, TopicStatus.Name(row.Status), stage, TopicStatus.StageNames[stage], row.SubmittedAt, row.UpdatedAt,
            [.. sections.Events.Select(e => ToTimeline(e with { Note = null }))]));
    }

    private static readonly string ByIdSql = DetailSql("@id") + SectionsSql("@id");

    /// <summary>The receipt's topic is the subquery in every statement: one lookup on the receipt's unique key each, a constant to the plan.</summary>
    private static readonly string ByReceiptSql = DetailSql(ReceiptTopic) + SectionsSql(ReceiptTopic);

    private const string ReceiptTopic = "(SELECT id FROM topics WHERE receipt_no IN @candidates ORDER BY id LIMIT 1)";

    /// <summary>
    /// The topic and its sections, and its view when the caller may see it (else null); null when there is no such topic.
    /// Read on <paramref name="connection"/> when given, else on one of <see cref="Reads"/>.
    /// </summary>
    private async Task<(Row Row, Sections Sections, TopicDetail? Detail)?> ReadAsync(string sql, object args, Caller caller, CancellationToken ct, MySqlConnection? connection = null)
    {
        // The sections come in the same round trip as the topic, even for a caller who may not see it: one more round
        // trip for the rare refusal would cost every reader.
        async Task<(Row?, Sections)> Read(MySqlConnection on)
        {
            await using var read = await on.QueryResultsAsync(new CommandDefinition(sql, args, cancellationToken: ct));
            // Read whole (for a topic not found the sections are empty): the view is composed after the connection is back.
            return (await read.ReadSingleOrDefaultAsync<Row>(), await ReadSectionsAsync(read));
        }

        var (row, sections) = connection is null ? await reads.RunAsync(Read, ct) : await Read(connection);
        if (row is null)
        {
            return null;
        }

        var state = new TopicState(row.Id, row.RoomId, row.RoomPath, row.Status, row.Round, row.Version, row.Classification, row.ProposerUserId, 0, 0, EmptyUnits);
        return (row, sections, TopicStore.CanSee(caller, state, row.Moderation) ? Compose(row, sections, caller, state) : null);
    }

    /// <summary>
    /// The answer to a submission, from what it has just written (the topic row's values and its one 'submit' event), as
    /// <see cref="DetailAsync"/> would read it back: the proposer or volunteer who wrote it may always see it.
    /// </summary>
    public TopicDetail Created(CreatedTopic created, NewTopic topic, string categoryName, Caller caller, IReadOnlyList<PhotoRow>? photos = null)
    {
        var row = new Row(
            created.Id, created.ReceiptNo, topic.Room.Room.Id, topic.Room.Room.Name, topic.Room.RegionPath, created.Title, created.Description,
            topic.CategoryId, categoryName, created.LocationText, topic.ProposerUserId, topic.Anonymous, created.ProposerName, topic.Source,
            created.ContactNameEnc, created.ContactPhoneEnc, TopicStatus.Submitted, created.Moderation, Round: 1, Version: 1, Classification: null,
            ClassNote: null, NextReviewOn: null, AnnouncementEndsOn: null, MergedIntoId: null, MergedReceiptNo: null, MergedTitle: null,
            RejectionCriterionId: null, CriterionTitle: null, RejectionReason: null, ReferralTarget: null, ReferralRef: null, EscalationKind: null,
            EscalationTarget: null, EscalationRef: null, ResolutionText: null, ResolutionDeadline: null, ResultText: null, SupportCount: 0, CommentCount: 0,
            SubmittedAt: created.Now, UpdatedAt: created.Now, Supported: 0);
        var state = new TopicState(row.Id, row.RoomId, row.RoomPath, row.Status, row.Round, row.Version, null, row.ProposerUserId, 0, 0, EmptyUnits);
        return Compose(row, new Sections([created.Submitted], [], [], [], [], [], [], [], photos?.ToList() ?? [], (0, 0)), caller, state);
    }

    private TopicDetail Compose(Row row, Sections rows, Caller caller, TopicState state)
    {
        var (events, reports, meetings, participants, tasks, milestones, updates, evaluations, photos, doubts) = rows;
        var supported = row.Supported > 0;
        var thisRound = tasks.Where(t => t.Round == row.Round).ToList();
        state = state with
        {
            Tasks = thisRound.Count, OpenTasks = thisRound.Count(t => t.Progress < 100), TaskUnits = thisRound.Select(t => t.Unit).ToHashSet(),
            UnansweredDoubts = (int)doubts.Unanswered,
        };
        var allowed = Workflow.AllowedActions(state, Workflow.ActorsFor(caller, state)).Except(Spent(caller, row.Round, supported, evaluations, meetings, participants)).ToList();

        var isProposer = caller.UserId is { } me && me == row.ProposerUserId;
        var isStaff = caller.HasAnyRole(row.RoomPath, Roles.Reviewer, Roles.RoomAdmin, Roles.RegionAdmin);
        var today = clock.Today();
        var topicIsPublic = TopicStatus.Public.Contains(row.Status) && row.Moderation == "visible";
        IReadOnlyList<PhotoView> PhotosOf(string kind, long attachedId) => photoViews.For(photos, kind, attachedId, caller.UserId, isStaff, topicIsPublic);
        return new TopicDetail(
            row.Id, row.ReceiptNo, row.RoomId, row.RoomName, row.Title, row.Description, new CategoryRef(row.CategoryId, row.CategoryName), row.LocationText,
            row.Status, TopicStatus.Name(row.Status), TopicStatus.Stage(row.Status), TopicStatus.StageNames[TopicStatus.Stage(row.Status)],
            row.Round, row.Version, row.Moderation == "held",
            new ProposerView(ProposerDisplay(row.Source, row.IsAnonymous, row.ProposerName), isProposer),
            isStaff && row.Source is "volunteer" or "channel" ? new ProxyContactView(Masks.Name(personalData.Decrypt(row.ProxyNameEnc)), Masks.Phone(personalData.Decrypt(row.ProxyPhoneEnc))) : null,
            row.Classification is null ? null : new ClassificationView(row.Classification, Classes.Name(row.Classification), row.ClassNote, ToDate(row.NextReviewOn)),
            ToDate(row.AnnouncementEndsOn),
            row.RejectionCriterionId is { } criterion && (isProposer || isStaff) ? new RejectionView(criterion, row.CriterionTitle!, row.RejectionReason!) : null,
            row.ReferralTarget is null ? null : new ReferralView(row.ReferralTarget, row.ReferralRef),
            row.MergedIntoId is { } mergedId ? new MergedIntoView(mergedId, row.MergedReceiptNo!, row.MergedTitle!) : null,
            row.EscalationKind is null ? null : new EscalationView(row.EscalationKind, EscalationKinds.Names.GetValueOrDefault(row.EscalationKind, row.EscalationKind), row.EscalationTarget!, row.EscalationRef),
            row.ResolutionText is null ? null : new ResolutionView(row.ResolutionText, ToDate(row.ResolutionDeadline)!.Value),
            row.ResultText,
            row.SupportCount,
            row.CommentCount,
            supported,
            row.SubmittedAt,
            row.UpdatedAt,
            events.Select(ToTimeline).ToList(),
            reports.Select(r => new ReportView(r.Id, r.Round, r.Title, r.Body, r.AuthorRole, Roles.ChineseNames.GetValueOrDefault(r.AuthorRole, r.AuthorRole), r.AuthorUnit, r.CreatedAt)).ToList(),
            meetings.Select(m => new MeetingView(m.Id, m.Round, m.Mode, m.StartsAt, m.Place, m.OnlineLink, m.Convener, m.Capacity, m.SignupCount, m.Minutes, m.MinutesAt,
                participants.Where(p => p.MeetingId == m.Id).Select(p => new ParticipantView(
                    p.UserId is null ? p.Name : "居民", p.Party, Parties.Names.GetValueOrDefault(p.Party, p.Party), p.AttendMode)).ToList(),
                caller.UserId is { } uid && participants.Any(p => p.MeetingId == m.Id && p.UserId == uid))).ToList(),
            tasks.Select(t => new TaskView(t.Id, t.Round, t.Title, t.LeadPerson, t.Unit, DateOnly.FromDateTime(t.DueOn), t.Progress,
                t.Progress < 100 && DateOnly.FromDateTime(t.DueOn) < today,
                milestones.Where(s => s.TaskId == t.Id).Select(s => new MilestoneView(s.Id, s.Title, DateOnly.FromDateTime(s.DueOn), s.DoneAt)).ToList(),
                updates.Where(u => u.TaskId == t.Id).Select(u => new ProgressView(u.Progress, u.Note, u.CreatedAt, PhotosOf(PhotoAttachments.Progress, u.Id))).ToList())).ToList(),
            row.Status is TopicStatus.Completed or TopicStatus.Closed or TopicStatus.Reopened || evaluations.Count > 0
                ? new EvaluationSummary(row.Round, evaluations.Count, evaluations.Count(e => e.Solved), evaluations.Count(e => e.Satisfied),
                    evaluations.Where(e => e.IsProposer).Select(e => ToEvaluation(e, caller)).FirstOrDefault(),
                    evaluations.Where(e => e.UserId == caller.UserId).Select(e => ToEvaluation(e, caller)).FirstOrDefault())
                : null,
            allowed,
            PhotosOf(PhotoAttachments.Topic, row.Id),
            row.ResultText is null ? [] : PhotosOf(PhotoAttachments.Result, row.Id),
            (int)doubts.Unanswered,
            (int)doubts.Answered,
            Workflow.ConfirmationsFor(state, allowed));
    }

    /// <summary>
    /// Once-per-person actions (a unique key makes a second try 409) are not offered to whoever has taken them:
    /// support, this round's evaluation, and sign-up when no meeting of this round has a place left for the caller.
    /// </summary>
    private IEnumerable<string> Spent(Caller caller, int round, bool supported, List<EvaluationRow> evaluations, List<MeetingRow> meetings, List<ParticipantRow> participants)
    {
        if (supported)
        {
            yield return "support";
        }

        if (evaluations.Any(e => e.UserId == caller.UserId))
        {
            yield return "evaluate";
        }

        var now = clock.StoredNow();
        if (!meetings.Any(m => m.Round == round && m.StartsAt > now && m.SignupCount < m.Capacity
                && !participants.Any(p => p.MeetingId == m.Id && p.UserId == caller.UserId)))
        {
            yield return "sign_up";
        }
    }

    /// <summary>The public face of a proposer: anonymous and volunteer-entered topics name no one.</summary>
    public static string ProposerDisplay(string source, bool isAnonymous, string? proposerName) => source switch
    {
        "volunteer" => "志愿者代居民提交",
        "channel" => "外部渠道转入",
        _ when isAnonymous || string.IsNullOrWhiteSpace(proposerName) => "居民",
        _ => proposerName!,
    };

    /// <summary>A timeline event as the public sees it: the actor by role and unit, never by identity.</summary>
    public static TimelineEvent ToTimeline(EventRow e) =>
        new(e.CreatedAt, e.Round, e.Action, ActionChineseName(e.Action), e.FromStatus, e.ToStatus, TopicStatus.Name(e.ToStatus), RoleName(e.ActorRole), e.ActorUnit, e.Note);

    public const string EventColumns = "created_at AS CreatedAt, round, action, from_status AS FromStatus, to_status AS ToStatus, actor_role AS ActorRole, actor_unit AS ActorUnit, note";

    private static string ActionChineseName(string action) => action == ActionName.Submit ? "提交问题" : Workflow.Actions.FirstOrDefault(a => a.Name == action)?.ChineseName ?? action;

    private static string RoleName(string role) => role switch
    {
        Roles.Resident => Roles.RelationNames[Roles.Resident],
        Roles.Volunteer => "志愿者",
        "channel" => "外部渠道",
        _ => Roles.ChineseNames.GetValueOrDefault(role, role),
    };

    /// <summary>A comment held for moderation is shown to its author only.</summary>
    private static EvaluationView ToEvaluation(EvaluationRow e, Caller caller) =>
        new(e.Solved, e.Satisfied, e.Moderation == "visible" || e.UserId == caller.UserId ? e.Comment : null, e.CreatedAt);

    private static readonly IReadOnlySet<string> EmptyUnits = new HashSet<string>();

    private static DateOnly? ToDate(DateTime? value) => value is { } v ? DateOnly.FromDateTime(v) : null;
}
