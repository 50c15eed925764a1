using Dapper;
using FluentValidation;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// 码上协商: residents sign up to take part in a meeting, offline or online, until its places are taken.
/// A signed-up resident is listed as "居民" of the party 群众, never by identity.
/// </summary>
public static class SignupEndpoints
{
    public sealed record SignupRequest(string AttendMode);

    public static IEndpointRouteBuilder MapSignupEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/topics/{id:long}/meetings/{meetingId:long}/signups").WithTags("Meetings").RequireAuthorization().WithValidation();
        group.MapPost("", SignUp)
            .WithSummary("Sign up to take part in a meeting, offline or online (any logged-in resident, until the places are taken or the meeting starts)")
            .Problems();
        group.MapDelete("", Cancel)
            .WithSummary("Cancel one's own sign-up before the meeting starts, freeing the place")
            .ProducesProblem(401).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    /// <summary>The meeting as its row lock holds it, and whether the caller is signed up to it.</summary>
    private sealed record MeetingRow(long Id, string Mode, DateTime StartsAt, int Capacity, int SignupCount)
    {
        public bool SignedUp { get; init; }
    }

    /// <summary>
    /// The topic's row lock first, as the room admin's actions take it before the meeting's: sign-ups to one meeting
    /// queue here rather than deadlock upgrading the meeting row their participant's foreign key share-locks. Under it
    /// (read committed: the latest committed rows) the topic's state, the meeting and the caller's sign-up.
    /// </summary>
    private const string LockedSql = """
        SELECT status FROM topics WHERE id = @id FOR UPDATE;
        SELECT id, mode, starts_at AS StartsAt, capacity, signup_count AS SignupCount FROM meetings WHERE id = @meetingId AND topic_id = @id FOR UPDATE;
        SELECT EXISTS (SELECT 1 FROM meeting_participants WHERE meeting_id = @meetingId AND user_id = @userId)
        """;

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> SignUp(
        long id, long meetingId, SignupRequest request, TopicStore store, TopicViews views, MySqlDataSource db, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(id, meetingId, request.AttendMode, store, views, db, clock, meeting =>
            !MeetingEndpoints.AttendModeFits(meeting.Mode, request.AttendMode)
                ? ApiProblem.Create(422, "attend_mode_unavailable", $"这是{MeetingEndpoints.ModeName(meeting.Mode)}会议，请选{MeetingEndpoints.ModeName(meeting.Mode)}参会。")
            : meeting.SignedUp ? AlreadySignedUp()
            : meeting.SignupCount >= meeting.Capacity ? ApiProblem.Conflict("meeting_full", "这次会议的报名名额已满，可以在会后查看协商结果。")
            : null,
            """
            INSERT INTO meeting_participants (meeting_id, user_id, name, party, attend_mode, created_at) VALUES (@meetingId, @userId, '居民', 'resident', @attendMode, @now);
            UPDATE meetings SET signup_count = signup_count + 1 WHERE id = @meetingId
            """,
            ct);

    // Cancelling belongs to signing up: allowed while sign-ups are (the topic awaits its meeting) and the meeting has not started.
    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Cancel(
        long id, long meetingId, TopicStore store, TopicViews views, MySqlDataSource db, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(id, meetingId, null, store, views, db, clock, meeting =>
            meeting.SignedUp ? null : ApiProblem.NotFound("signup_not_found", "您没有报名这次会议，不用取消。"),
            """
            DELETE FROM meeting_participants WHERE meeting_id = @meetingId AND user_id = @userId;
            UPDATE meetings SET signup_count = signup_count - 1 WHERE id = @meetingId
            """,
            ct);

    /// <summary>
    /// A sign-up or its cancellation: checked as a public action, then one transaction of two round trips — (1) begin, the
    /// locks and what they hold, on which the topic's state, the meeting's time and <paramref name="refuse"/> decide;
    /// (2) <paramref name="writeSql"/> and the commit — and the topic read back on the connection that committed it.
    /// A refusal writes nothing. Four query round trips in all.
    /// </summary>
    private static async Task<Results<Ok<TopicDetail>, ProblemHttpResult>> ChangeAsync(
        long id, long meetingId, string? attendMode, TopicStore store, TopicViews views, MySqlDataSource db, TimeProvider clock,
        Func<MeetingRow, ProblemHttpResult?> refuse, string writeSql, CancellationToken ct)
    {
        var (_, caller, problem) = await store.CheckPublicAsync(id, ActionName.SignUp, ct);
        if (problem is not null)
        {
            return problem;
        }

        var now = clock.StoredNow();
        var args = new { id, meetingId, userId = caller.UserId!.Value, now, attendMode };
        await using var connection = await db.OpenConnectionAsync(ct);
        try
        {
            var script = new ChangeScript(connection, null, ct).Add(ChangeScript.Begin);
            var (status, meeting) = await script.QueryAsync(LockedSql, args, async read =>
            {
                var status = await read.ReadSingleOrDefaultAsync<string>();
                var meeting = await read.ReadSingleOrDefaultAsync<MeetingRow>();
                var signedUp = await read.ReadSingleAsync<bool>();
                return (status, meeting is null ? null : meeting with { SignedUp = signedUp });
            });
            // The state the check allowed may have moved on since (the meeting held, the topic closed): nothing is written then.
            var refusal = TopicStore.Recheck(ActionName.SignUp, status)
                ?? (meeting is null ? MeetingEndpoints.MeetingNotFound()
                : meeting.StartsAt <= now ? MeetingStarted()
                : refuse(meeting));
            if (refusal is not null)
            {
                await ChangeScript.RollBackAsync(connection);
                return refusal;
            }

            await script.Add(writeSql, args).Add("COMMIT").ExecuteAsync();
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            // The unique (meeting_id, user_id) key still decides a double sign-up, should one pass the locked check.
            await ChangeScript.RollBackAsync(connection);
            return AlreadySignedUp();
        }
        catch
        {
            await ChangeScript.RollBackAsync(connection);
            throw;
        }

        return TypedResults.Ok(await views.ReadBackAsync(connection, id, caller, ct));
    }

    private static ProblemHttpResult AlreadySignedUp() => ApiProblem.Conflict("already_signed_up", "您已经报名了这次会议。");

    private static ProblemHttpResult MeetingStarted() => ApiProblem.Conflict("meeting_started", "会议已经开始，不能再报名或取消了。");

    internal sealed class SignupValidator : AbstractValidator<SignupRequest>
    {
        public SignupValidator()
        {
            RuleFor(x => x.AttendMode).Must(m => m is "offline" or "online").WithMessage("请选择线下参会或线上参会。");
        }
    }
}
