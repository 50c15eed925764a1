using System.Globalization;
using Dapper;
using FluentValidation;
using MaShangYi.Api.Features.Statistics;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Topics;

/// <summary>协商 (DESIGN §4 step 5): the room admin schedules a meeting with the eight parties, then records its minutes.</summary>
public static class MeetingEndpoints
{
    public sealed record ParticipantRequest(string Name, string Party, string AttendMode);

    public sealed record ScheduleRequest(
        string Mode, DateTimeOffset StartsAt, string? Place, string? OnlineLink, string Convener, int Capacity, IReadOnlyList<ParticipantRequest>? Participants, string? Note);

    public sealed record MinutesRequest(string Minutes);

    public static IEndpointRouteBuilder MapMeetingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/topics/{id:long}/meetings").WithTags("Meetings").RequireAuthorization().WithValidation();
        group.MapPost("", Schedule)
            .WithSummary("Schedule a deliberation meeting (offline, online or hybrid) with invited participants of the eight parties (room admin)")
            .WithDescription("Residents then sign up for the capacity given. A topic may have several meetings over its rounds.")
            .Problems();
        group.MapPost("/{meetingId:long}/minutes", RecordMinutes)
            .WithSummary("Record the minutes of a meeting that has started; the topic becomes deliberated (room admin)")
            .Problems();
        return app;
    }

    /// <summary>China has one time zone and no daylight saving: times in notes are written as residents read them.</summary>
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static string ModeName(string mode) => mode switch
    {
        "offline" => "线下",
        "online" => "线上",
        "hybrid" => "线上线下结合",
        _ => "协商",
    };

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> Schedule(long id, ScheduleRequest request, TopicStore store, CancellationToken ct)
    {
        var startsAt = request.StartsAt.UtcDateTime;
        var place = request.Place?.Trim();
        var note = $"{ModeName(request.Mode)}会议，{request.StartsAt.ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}"
            + (string.IsNullOrEmpty(place) ? "" : "，" + place)
            + (string.IsNullOrWhiteSpace(request.Note) ? "" : "。" + request.Note.Trim());
        return store.RunAsync(id, ActionName.ScheduleMeeting, note, async context =>
        {
            if (startsAt <= context.Now)
            {
                return ApiProblem.FieldRule("meeting_time_past", "startsAt", "会议时间须晚于现在。");
            }

            // The room and region chain come from the topic, so the meeting lists of a room or region need no join to filter.
            await context.ExecuteAsync(
                """
                INSERT INTO meetings (topic_id, round, room_id, region_l1, region_l2, region_l3, region_l4, mode, starts_at, place, online_link, convener, capacity, created_at)
                SELECT id, round, room_id, region_l1, region_l2, region_l3, region_l4, @Mode, @startsAt, @place, @link, @convener, @Capacity, @Now FROM topics WHERE id = @Id
                """,
                new
                {
                    request.Mode, startsAt, place = string.IsNullOrEmpty(place) ? null : place, link = request.OnlineLink?.Trim() is { Length: > 0 } l ? l : null,
                    convener = request.Convener.Trim(), request.Capacity, context.Now, context.Topic.Id,
                });
            // Queued with the meeting: the topic's row lock keeps any other meeting of it from coming between.
            foreach (var p in request.Participants ?? [])
            {
                await context.ExecuteAsync(
                    """
                    INSERT INTO meeting_participants (meeting_id, user_id, name, party, attend_mode, created_at)
                    SELECT MAX(id), NULL, @participant, @party, @attendMode, @Now FROM meetings WHERE topic_id = @Id
                    """,
                    new { participant = p.Name.Trim(), party = p.Party, attendMode = p.AttendMode, context.Now, context.Topic.Id });
            }

            return null;
        }, ct);
    }

    private static Task<Results<Ok<TopicDetail>, ProblemHttpResult>> RecordMinutes(long id, long meetingId, MinutesRequest request, TopicStore store, CancellationToken ct) =>
        store.RunAsync(id, ActionName.RecordMinutes, null, async context =>
        {
            var meeting = await context.Script.QueryAsync(
                "SELECT id, round, starts_at, minutes_at FROM meetings WHERE id = @meetingId AND topic_id = @Id FOR UPDATE",
                new { meetingId, context.Topic.Id }, read => read.ReadSingleOrDefaultAsync<(long Id, int Round, DateTime StartsAt, DateTime? MinutesAt)>());
            if (meeting.Id == 0)
            {
                return MeetingNotFound();
            }

            if (meeting.Round != context.Topic.Round)
            {
                return ApiProblem.Create(422, "meeting_other_round", "这是上一轮协商的会议，不能再记录纪要。");
            }

            if (meeting.MinutesAt is not null)
            {
                return ApiProblem.Conflict("minutes_already_recorded", "这次会议的纪要已经记录过了。");
            }

            if (meeting.StartsAt > context.Now)
            {
                return ApiProblem.Create(422, "meeting_not_started", "会议还没有开始，开会之后才能记录纪要。");
            }

            await context.ExecuteAsync(
                "UPDATE meetings SET minutes = @minutes, minutes_at = @Now WHERE id = @meetingId",
                new { minutes = request.Minutes.Trim(), context.Now, meetingId });
            StatisticsRollup.MeetingHeld(context.Script, context.Topic.Id, meetingId, context.Now);
            return null;
        }, ct);

    public static ProblemHttpResult MeetingNotFound() => ApiProblem.NotFound("meeting_not_found", "没有找到这次会议，请下拉刷新看看最新安排。");

    internal sealed class ParticipantValidator : AbstractValidator<ParticipantRequest>
    {
        public ParticipantValidator()
        {
            RuleFor(x => x.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("请填写参会人姓名。")
                .MaximumLength(50).WithMessage("参会人姓名不超过 50 个字。");
            RuleFor(x => x.Party).Must(p => p is not null && Parties.Names.ContainsKey(p)).WithMessage("请选择参会人所属的一方（一码联八方）。");
            RuleFor(x => x.AttendMode).Must(m => m is "offline" or "online").WithMessage("请选择参会方式：线下或线上。");
        }
    }

    internal sealed class ScheduleValidator : AbstractValidator<ScheduleRequest>
    {
        public ScheduleValidator()
        {
            RuleFor(x => x.Mode).Must(m => m is "offline" or "online" or "hybrid").WithMessage("会议形式应为线下、线上或线上线下结合。");
            RuleFor(x => x.StartsAt).NotEqual(default(DateTimeOffset)).WithMessage("请填写会议时间。");
            RuleFor(x => x.Place).Must(p => !string.IsNullOrWhiteSpace(p)).When(x => x.Mode is "offline" or "hybrid").WithMessage("线下会议须填写会议地点。")
                .MaximumLength(200).WithMessage("会议地点不超过 200 个字。");
            RuleFor(x => x.Place).Empty().When(x => x.Mode == "online").WithMessage("线上会议无需填写会议地点。");
            RuleFor(x => x.OnlineLink).Must(IsHttpsUrl).When(x => x.Mode is "online" or "hybrid").WithMessage("线上会议须填写以 https:// 开头的会议链接。")
                .MaximumLength(300).WithMessage("会议链接不超过 300 个字符。");
            RuleFor(x => x.OnlineLink).Empty().When(x => x.Mode == "offline").WithMessage("线下会议无需填写会议链接。");
            RuleFor(x => x.Convener).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage("请填写会议召集人。")
                .MaximumLength(50).WithMessage("召集人不超过 50 个字。");
            RuleFor(x => x.Capacity).InclusiveBetween(1, 1000).WithMessage("居民报名名额应在 1 到 1000 之间。");
            RuleFor(x => x.Participants).Must(p => p is null || p.Count <= 100).WithMessage("邀请的参会人不超过 100 位。");
            RuleForEach(x => x.Participants).SetValidator(new ParticipantValidator());
            // Only a chosen way of attending can clash with the meeting's form; an unchosen one is asked for above.
            RuleForEach(x => x.Participants).Must((request, p) => p?.AttendMode is not ("offline" or "online") || AttendModeFits(request.Mode, p.AttendMode))
                .WithMessage("参会方式与会议形式不符：线下会议只能线下参会，线上会议只能线上参会。");
            RuleFor(x => x.Note).MaximumLength(500).WithMessage("备注不超过 500 个字。");
        }
    }

    internal sealed class MinutesValidator : AbstractValidator<MinutesRequest>
    {
        public MinutesValidator()
        {
            RuleFor(x => x.Minutes).Must(m => !string.IsNullOrWhiteSpace(m)).WithMessage("请填写会议纪要。")
                .MaximumLength(10000).WithMessage("会议纪要不超过 10000 个字。");
        }
    }

    /// <summary>Whether someone may attend a meeting of <paramref name="mode"/> in <paramref name="attendMode"/>.</summary>
    public static bool AttendModeFits(string mode, string? attendMode) => mode switch
    {
        "offline" => attendMode == "offline",
        "online" => attendMode == "online",
        _ => attendMode is "offline" or "online",
    };

    private static bool IsHttpsUrl(string? link) =>
        Uri.TryCreate(link?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host);
}
