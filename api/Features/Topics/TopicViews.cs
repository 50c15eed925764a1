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
/// the topic with the caller's support, then a plain indexed query per section (the statements and their rows are in
/// TopicViews.Rows.cs).
/// </summary>
public sealed partial class TopicViews(Reads reads, CallerAccessor callers, PersonalData personalData, PhotoViews photoViews, TimeProvider clock)
{
    /// <summary>The topic as the current caller may see it; null when it does not exist or is not theirs to see.</summary>
    public async Task<TopicDetail?> DetailAsync(long id, Caller? caller, CancellationToken ct)
    {
        caller ??= await callers.GetAsync(ct);
        return await ByIdAsync(id, caller, ct);
    }

    /// <summary>
    /// The topic as <paramref name="caller"/> sees it just after they changed it (or found it under their submission's
    /// idempotency key), read on <paramref name="connection"/>, the connection that wrote or found it. On a cluster that
    /// node has the change; a new connection may reach another node (a switchover behind the proxy) that has not applied
    /// it yet, and the answer would be a topic not found. Not seeing it here is a bug, not a race.
    /// </summary>
    public async Task<TopicDetail> ReadBackAsync(MySqlConnection connection, long id, Caller caller, CancellationToken ct) =>
        await ByIdAsync(id, caller, ct, connection)
        ?? throw new InvalidOperationException($"Topic {id} cannot be read back by user {caller.UserId}, who has just written or found it.");

    private async Task<TopicDetail?> ByIdAsync(long id, Caller caller, CancellationToken ct, MySqlConnection? connection = null) =>
        (await ReadAsync(ByIdSql, new { id, userId = caller.UserId ?? 0 }, caller, ct, connection))?.Detail;

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
    private static string ProposerDisplay(string source, bool isAnonymous, string? proposerName) => source switch
    {
        "volunteer" => "志愿者代居民提交",
        "channel" => "外部渠道转入",
        _ when isAnonymous || string.IsNullOrWhiteSpace(proposerName) => "居民",
        _ => proposerName!,
    };

    /// <summary>A timeline event as the public sees it: the actor by role and unit, never by identity.</summary>
    private static TimelineEvent ToTimeline(EventRow e) =>
        new(e.CreatedAt, e.Round, e.Action, ActionChineseName(e.Action), e.FromStatus, e.ToStatus, TopicStatus.Name(e.ToStatus), RoleName(e.ActorRole), e.ActorUnit, e.Note);

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
