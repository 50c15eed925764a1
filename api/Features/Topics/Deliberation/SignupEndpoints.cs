using Dapper;
using FluentValidation;
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

    private sealed record MeetingRow(long Id, string Mode, DateTime StartsAt);

    private static async Task<Results<Ok<TopicDetail>, ProblemHttpResult>> SignUp(
        long id, long meetingId, SignupRequest request, TopicStore store, TopicViews views, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var (_, caller, problem) = await store.CheckPublicAsync(id, "sign_up", ct);
        if (problem is not null)
        {
            return problem;
        }

        var userId = caller.UserId!.Value;
        var now = clock.StoredNow();
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            var (meeting, closed) = await OpenMeetingAsync(connection, id, meetingId, now, ct);
            if (closed is not null)
            {
                return closed;
            }

            if (!MeetingEndpoints.AttendModeFits(meeting.Mode, request.AttendMode))
            {
                return ApiProblem.Create(422, "attend_mode_unavailable", $"这是{MeetingEndpoints.ModeName(meeting.Mode)}会议，请选{MeetingEndpoints.ModeName(meeting.Mode)}参会。");
            }

            await using var tx = await connection.BeginTransactionAsync(ct);
            // The topic first, as the room admin's actions lock it before the meeting: sign-ups to one meeting queue here
            // rather than deadlock upgrading the meeting row their participant's foreign key share-locks.
            await LockTopicAsync(connection, tx, id, ct);
            try
            {
                // The unique (meeting_id, user_id) key decides a double sign-up, even two at once.
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO meeting_participants (meeting_id, user_id, name, party, attend_mode, created_at) VALUES (@meetingId, @userId, '居民', 'resident', @AttendMode, @now)",
                    new { meetingId, userId, request.AttendMode, now }, tx, cancellationToken: ct));
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                await tx.RollbackAsync(ct);
                return ApiProblem.Conflict("already_signed_up", "您已经报名了这次会议。");
            }

            // One conditional UPDATE takes a place: the row lock makes concurrent sign-ups queue, so the count never passes capacity.
            var taken = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE meetings SET signup_count = signup_count + 1 WHERE id = @meetingId AND signup_count < capacity AND starts_at > @now",
                new { meetingId, now }, tx, cancellationToken: ct));
            if (taken == 0)
            {
                await tx.RollbackAsync(ct);
                return ApiProblem.Conflict("meeting_full", "这次会议的报名名额已满，可以在会后查看协商结果。");
            }

            await tx.CommitAsync(ct);
            return TypedResults.Ok(await views.ReadBackAsync(connection, id, caller, ct));
        }
    }

    private static async Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Cancel(
        long id, long meetingId, TopicStore store, TopicViews views, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        // Cancelling belongs to signing up: allowed while sign-ups are (the topic awaits its meeting) and the meeting has not started.
        var (_, caller, problem) = await store.CheckPublicAsync(id, "sign_up", ct);
        if (problem is not null)
        {
            return problem;
        }

        var userId = caller.UserId!.Value;
        var now = clock.StoredNow();
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            var (_, closed) = await OpenMeetingAsync(connection, id, meetingId, now, ct);
            if (closed is not null)
            {
                return closed;
            }

            await using var tx = await connection.BeginTransactionAsync(ct);
            await LockTopicAsync(connection, tx, id, ct);
            var removed = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM meeting_participants WHERE meeting_id = @meetingId AND user_id = @userId",
                new { meetingId, userId }, tx, cancellationToken: ct));
            if (removed == 0)
            {
                await tx.RollbackAsync(ct);
                return ApiProblem.NotFound("signup_not_found", "您没有报名这次会议，不用取消。");
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE meetings SET signup_count = signup_count - 1 WHERE id = @meetingId", new { meetingId }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return TypedResults.Ok(await views.ReadBackAsync(connection, id, caller, ct));
        }
    }

    private static Task<long?> LockTopicAsync(MySqlConnection connection, MySqlTransaction tx, long id, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM topics WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));

    private static Task<MeetingRow?> FindAsync(MySqlConnection connection, long topicId, long meetingId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<MeetingRow>(new CommandDefinition(
            "SELECT id, mode, starts_at AS StartsAt FROM meetings WHERE id = @meetingId AND topic_id = @topicId", new { meetingId, topicId }, cancellationToken: ct));

    /// <summary>The meeting of this topic while sign-ups and cancellations are open, or why they are not.</summary>
    private static async Task<(MeetingRow Meeting, ProblemHttpResult? Closed)> OpenMeetingAsync(
        MySqlConnection connection, long topicId, long meetingId, DateTime now, CancellationToken ct)
    {
        var meeting = await FindAsync(connection, topicId, meetingId, ct);
        return meeting is null ? (null!, MeetingEndpoints.MeetingNotFound())
            : meeting.StartsAt <= now ? (meeting, MeetingStarted())
            : (meeting, null);
    }

    private static ProblemHttpResult MeetingStarted() => ApiProblem.Conflict("meeting_started", "会议已经开始，不能再报名或取消了。");

    internal sealed class SignupValidator : AbstractValidator<SignupRequest>
    {
        public SignupValidator()
        {
            RuleFor(x => x.AttendMode).Must(m => m is "offline" or "online").WithMessage("请选择线下参会或线上参会。");
        }
    }
}
