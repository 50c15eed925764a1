using System.Security.Claims;
using Dapper;
using FluentValidation;
using MaShangYi.Api.Features.Notifications;
using MaShangYi.Api.Features.Photos;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MaShangYi.Api.Infrastructure.Time;
using MySqlConnector;

namespace MaShangYi.Api.Features.Topics;

/// <summary>码上征题: a resident raises a topic in a room, or a volunteer enters one for a resident.</summary>
public static class SubmitEndpoints
{
    public sealed record OnBehalfOf(string? Name, string? Phone);

    /// <summary>
    /// A submission: only the description is required. A blank title is taken from the description's first words; an
    /// omitted (or 0) category is the room's most used one, else 其他, and the reviewer sets or corrects it on accepting;
    /// an omitted <paramref name="Anonymous"/> means anonymous unless a name to show is given. <paramref name="PhotoIds"/>: up to
    /// six photos the caller uploaded (POST /api/photos), in the order to show them.
    /// </summary>
    public sealed record SubmitRequest(
        string? Title, string Description, long? CategoryId, string? LocationText, bool? Anonymous, string? ProposerName, OnBehalfOf? OnBehalfOf,
        IReadOnlyList<long>? PhotoIds = null);

    public static IEndpointRouteBuilder MapSubmitEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/rooms/{roomId:long}/topics", Submit)
            .WithTags("Topics")
            .RequireAuthorization()
            .WithValidation()
            .WithSummary("Submit a topic in a room (码上征题); a volunteer may submit for a resident with onBehalfOf")
            .WithDescription("Send an Idempotency-Key header (any unique string up to 64 characters, kept when the request is retried): a retried submission returns the first result (200) instead of creating a duplicate (201). Text passes WeChat's content check: risky text is refused (422, nothing stored); text to be reviewed, or text that could not be checked, is stored and held for moderation.")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        return app;
    }

    private static async Task<Results<Created<TopicDetail>, Ok<TopicDetail>, ProblemHttpResult, ValidationProblem>> Submit(
        long roomId, SubmitRequest request, HttpRequest http, ClaimsPrincipal user, CallerAccessor callers, TopicCreation creation,
        TopicViews views, MySqlDataSource db, Reads reads, TimeProvider clock, CancellationToken ct)
    {
        var key = http.Headers["Idempotency-Key"].ToString();
        if (key.Length > 64)
        {
            return ApiProblem.Validation("Idempotency-Key", "Idempotency-Key 不超过 64 个字符。");
        }

        var idempotencyKey = key.Length == 0 ? null : key;
        var userId = user.UserId();
        // What the submission depends on, in one round trip. No connection is held across the content check (a call to WeChat).
        var facts = await ReadFactsAsync(reads, views, callers, userId, idempotencyKey, roomId, request.CategoryId ?? 0, request.PhotoIds, ct);
        var caller = callers.Adopt(userId, facts.Grants);
        if (facts.Earlier is { } existing)
        {
            return TypedResults.Ok(existing);
        }

        if (facts.Room is not { } room)
        {
            return ApiProblem.NotFound("room_not_found", "议事室不存在。");
        }

        if (!room.Room.IsActive)
        {
            return ApiProblem.Create(409, "room_closed", "这个议事室已停用，不能再提问题了。请查找附近其他议事室提交。");
        }

        var byVolunteer = request.OnBehalfOf is not null;
        if (byVolunteer && !caller.HasRole(Roles.Volunteer, room.RegionPath))
        {
            return ApiProblem.Forbidden("只有本区域的志愿者/网格员可以代居民提交问题。");
        }

        if (facts.CategoryName is not { } categoryName)
        {
            return ApiProblem.Validation("categoryId", "这个类别已经停用，请换一个，或者不选，由工作人员归类。");
        }

        if (PhotoAttachments.Check(request.PhotoIds, facts.Photos, userId, PhotoAttachments.Topic, null) is { } photoProblem)
        {
            return ApiProblem.Validation("photoIds", photoProblem);
        }

        var title = TopicTitles.Choose(request.Title, request.Description);
        var outcome = await creation.CheckAsync(facts.OpenId!, title, request.Description + "\n" + request.LocationText, ct);
        if (outcome == ContentOutcome.Refused)
        {
            return ApiProblem.Create(422, "content_risky", "内容没有通过安全检查，请换个说法再提交。");
        }

        var topic = new NewTopic(
            room, title, request.Description, facts.CategoryId, request.LocationText, userId,
            byVolunteer || (request.Anonymous ?? string.IsNullOrWhiteSpace(request.ProposerName)), request.ProposerName,
            Source: byVolunteer ? "volunteer" : "resident", ActorRole: byVolunteer ? Roles.Volunteer : Roles.Resident, ActorUnit: null,
            request.OnBehalfOf?.Name, request.OnBehalfOf?.Phone, idempotencyKey, outcome);
        // Two round trips: the transaction begins with the topic's writes (the observers need its id), and the observers'
        // writes end it with the commit. On any failure the transaction is rolled back before the connection goes back.
        // A deadlock with another change (InnoDB rolled it back whole) runs the transaction again (Deadlocks).
        return await Deadlocks.RetryAsync<Results<Created<TopicDetail>, Ok<TopicDetail>, ProblemHttpResult, ValidationProblem>>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var script = new ChangeScript(connection, null, ct).Add(ChangeScript.Begin);
            try
            {
                var created = await creation.CreateAsync(script, topic, caller, clock.StoredNow(), facts.Reviewers);
                // The photos are attached with the observers' writes and the commit: no round trip of their own.
                PhotoAttachments.Queue(script, request.PhotoIds, userId, room.Room.Id, created.Id, PhotoAttachments.Topic, created.Id);
                await script.Add("COMMIT").ExecuteAsync();
                // A new topic is answered from what was just written, exactly as it reads back (a test holds the two equal).
                var photos = PhotoAttachments.Rows(request.PhotoIds, facts.Photos, PhotoAttachments.Topic, created.Id);
                return TypedResults.Created($"/api/topics/{created.Id}", views.Created(created, topic, categoryName, caller, photos));
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry && idempotencyKey is not null)
            {
                // A retry of the same key got there first (the unique key on proposer and key decides): the answer is that topic.
                var earlier = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "ROLLBACK; SELECT id FROM topics WHERE proposer_user_id = @userId AND idempotency_key = @idempotencyKey", new { userId, idempotencyKey }, cancellationToken: ct));
                return TypedResults.Ok(await views.ReadBackAsync(connection, earlier, caller, ct));
            }
            catch
            {
                await ChangeScript.RollBackAsync(connection);
                throw;
            }
        }, ct);
    }

    /// <summary>
    /// The topic this user already submitted under the key, the room (null: none), the category and its name (null: none
    /// or inactive) — without one, the room's default: the active category its reviewed topics use most, else 其他 (else
    /// the last active one) — the proposer's openid (for WeChat's content check) and grants, and who is told of a new
    /// topic in the room (the reviewers and room admins over it: the notifications need not read them in the transaction).
    /// </summary>
    private sealed record Facts(
        TopicDetail? Earlier, RoomQueries.RoomWithPath? Room, long CategoryId, string? CategoryName, string? OpenId, IReadOnlyList<CallerGrant> Grants, IReadOnlyList<long> Reviewers,
        IReadOnlyList<PhotoAttachments.Candidate> Photos);

    private sealed record CategoryRow(long Id, string Name);

    /// <summary>
    /// The facts' statements, the category's last: <see cref="AskedCategorySql"/> when the caller chose one, else
    /// <see cref="DefaultCategorySql"/>. Who is told are the grants over the room's chain (its region and ancestors, all of
    /// levels 1–4).
    /// </summary>
    private static readonly string CommonFactsSql = $"""
        SELECT id FROM topics WHERE proposer_user_id = @userId AND idempotency_key = @key;
        SELECT {RoomQueries.Columns} FROM rooms m WHERE m.id = @roomId;
        SELECT {RoomQueries.PlaceColumns} FROM rooms m {RoomQueries.ChainJoins} WHERE m.id = @roomId;
        SELECT openid FROM users WHERE id = @userId;
        {CallerAccessor.GrantsSql};
        SELECT DISTINCT g.user_id FROM rooms m {RoomQueries.ChainJoins}
        JOIN role_grants g ON g.role IN @toldRoles AND g.region_id IN (r.id, p1.id, p2.id, p3.id)
        WHERE m.id = @roomId;
        {PhotoAttachments.CandidatesSql};
        """;

    private static readonly string AskedCategorySql = CommonFactsSql + "SELECT id, name FROM topic_categories WHERE id = @categoryId AND is_active = 1;";

    /// <summary>The room's most used active category among its reviewed topics (of equally used ones the lower id, so the
    /// default does not flip between submissions), else 其他, else the last active one: the first row is the answer.</summary>
    private static readonly string DefaultCategorySql = CommonFactsSql + """
        (SELECT c.id, c.name FROM topics t JOIN topic_categories c ON c.id = t.category_id AND c.is_active = 1
         WHERE t.room_id = @roomId AND t.status <> 'submitted' GROUP BY c.id, c.name ORDER BY COUNT(*) DESC, c.id LIMIT 1)
        UNION ALL
        (SELECT id, name FROM topic_categories WHERE is_active = 1 ORDER BY name = '其他' DESC, sort_order DESC, id DESC LIMIT 1);
        """;

    private static Task<Facts> ReadFactsAsync(
        Reads reads, TopicViews views, CallerAccessor callers, long userId, string? key, long roomId, long categoryId, IReadOnlyList<long>? photoIds, CancellationToken ct) =>
        reads.RunAsync(async connection =>
        {
            Facts facts;
            long? earlier;
            await using (var read = await connection.QueryResultsAsync(new CommandDefinition(
                categoryId == 0 ? DefaultCategorySql : AskedCategorySql,
                new { userId, key, roomId, categoryId, toldRoles = NotificationObserver.NewSubmissionRoles, photoIds = PhotoAttachments.IdsArg(photoIds) }, cancellationToken: ct)))
            {
                earlier = await read.ReadSingleOrDefaultAsync<long?>();
                // The room and its region come as two results: a grid has no asynchronous multi-mapping.
                var room = await read.ReadSingleOrDefaultAsync<RoomView>();
                var place = await read.ReadSingleOrDefaultAsync<RoomQueries.PlaceRow>();
                var openId = await read.ReadSingleOrDefaultAsync<string>();
                var grants = (await read.ReadAsync<CallerGrant>()).ToList();
                var reviewers = (await read.ReadAsync<long>()).ToList();
                var photos = (await read.ReadAsync<PhotoAttachments.Candidate>()).ToList();
                var category = (await read.ReadAsync<CategoryRow>()).FirstOrDefault();
                facts = new Facts(null, room is null ? null : RoomQueries.With(room, place!), category?.Id ?? categoryId, category?.Name, openId, grants, reviewers, photos);
            }

            // A retry of a submission already made is answered with its topic, read on this connection, whose node found it
            // under the key: a second round trip, for retries only.
            return key is not null && earlier is { } id
                ? facts with { Earlier = await views.ReadBackAsync(connection, id, callers.Adopt(userId, facts.Grants), ct) }
                : facts;
        }, ct);

    internal sealed class SubmitValidator : AbstractValidator<SubmitRequest>
    {
        public SubmitValidator()
        {
            RuleFor(x => x.Title).MaximumLength(100).WithMessage("标题不超过 100 个字，可以不填。");
            RuleFor(x => x.Description).Must(v => !string.IsNullOrWhiteSpace(v) && v.Trim().Length >= 5).WithMessage("请说一说遇到了什么问题（至少 5 个字）。")
                .MaximumLength(2000).WithMessage("问题不超过 2000 个字，请删减一些。");
            RuleFor(x => x.CategoryId).GreaterThanOrEqualTo(0).WithMessage("类别不对，请重新选择，或者不选。");
            RuleFor(x => x.LocationText).MaximumLength(200).WithMessage("地点不超过 200 个字。");
            RuleFor(x => x.ProposerName).MaximumLength(50).WithMessage("署名不超过 50 个字。");
            RuleFor(x => x.PhotoIds).Must(p => p is null || p.Distinct().Count() <= PhotoAttachments.MaxPerAction).WithMessage(PhotoAttachments.TooMany(PhotoAttachments.MaxPerAction));
            RuleFor(x => x.OnBehalfOf!.Name).MaximumLength(50).WithMessage("居民姓名不超过 50 个字。").When(x => x.OnBehalfOf is not null);
            // A mobile number, or a landline with its area code (many older residents have no mobile): 0517-83661234.
            RuleFor(x => x.OnBehalfOf!.Phone).Matches(@"^1[3-9][0-9]{9}$|^0[0-9]{2,3}-?[0-9]{7,8}$")
                .When(x => !string.IsNullOrWhiteSpace(x.OnBehalfOf?.Phone))
                .WithMessage("请填写正确的手机号（11 位）或座机号（区号-号码，如 0517-83661234）。");
        }
    }
}
