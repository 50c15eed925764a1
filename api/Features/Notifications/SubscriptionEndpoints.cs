using MaShangYi.Api.Infrastructure.Database;
using System.Security.Claims;
using Dapper;
using FluentValidation;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Features.Notifications;

/// <summary>
/// Subscribe messages from the mini program's side: which templates to ask for (wx.requestSubscribeMessage) and who each
/// is for, the one-time acceptances a person gave, counted per user and template as credits that messages spend, and
/// how many the caller has left.
/// </summary>
public static class SubscriptionEndpoints
{
    /// <summary>Audience: resident or staff; Roles: the staff roles a staff message goes to (empty for residents).</summary>
    public sealed record TemplateInfo(string Key, string TemplateId, string Title, string Audience, IReadOnlyList<string> Roles);

    /// <summary>A template that can reach the caller, with the messages it can still carry to them.</summary>
    public sealed record MyTemplate(string Key, string TemplateId, string Title, string Audience, IReadOnlyList<string> Roles, int Remaining);

    public sealed record AcceptanceRequest(string TemplateId, int Accepted);

    public sealed record Credits(string TemplateId, int Remaining);

    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/subscriptions/templates", Templates)
            .WithTags("Notifications")
            .WithSummary("The subscribe-message templates the mini program may ask a user to accept, each with its audience (public)")
            .WithDescription("audience is resident (asked of everyone, e.g. after submitting a topic) or staff, with roles naming the grants it goes to. WeChat takes at most 3 ids per wx.requestSubscribeMessage call.");
        app.MapGet("/api/me/subscriptions", Mine)
            .WithTags("Notifications")
            .RequireAuthorization()
            .WithSummary("The templates that can reach the caller (the residents' and those of the caller's roles), each with the messages it can still carry")
            .ProducesProblem(401);
        app.MapPost("/api/me/subscriptions", Accept)
            .WithTags("Notifications")
            .RequireAuthorization()
            .WithValidation()
            .WithSummary("Record one-time acceptances of a template (wx.requestSubscribeMessage answered 'accept'): each allows one message")
            .WithDescription("accepted is how many acceptances this tap gave (usually 1). Returns the credits now remaining for the template.")
            .ProducesProblem(400).ProducesProblem(401);
        return app;
    }

    private static Ok<List<TemplateInfo>> Templates(IOptions<NotificationOptions> options) =>
        TypedResults.Ok(NotificationTemplates.Defaults.Keys.Select(key => Info(key, options.Value)).ToList());

    private static TemplateInfo Info(string key, NotificationOptions options) =>
        new(key, options.Templates[key].TemplateId, options.Templates[key].Title, TemplateAudiences.AudienceOf(key), TemplateAudiences.RolesOf[key]);

    private sealed record CreditRow(string TemplateId, int Credits);

    private static async Task<Ok<List<MyTemplate>>> Mine(ClaimsPrincipal user, IOptions<NotificationOptions> options, Reads reads, CancellationToken ct)
    {
        var (roles, credits) = await reads.RunAsync(async connection =>
        {
            await using var read = await connection.QueryResultsAsync(new CommandDefinition(
                """
                SELECT DISTINCT role FROM role_grants WHERE user_id = @userId;
                SELECT template_id AS TemplateId, credits AS Credits FROM subscription_credits WHERE user_id = @userId;
                """,
                new { userId = user.UserId() }, cancellationToken: ct));
            return ((await read.ReadAsync<string>()).ToHashSet(), (await read.ReadAsync<CreditRow>()).ToDictionary(c => c.TemplateId, c => c.Credits));
        }, ct);
        return TypedResults.Ok(NotificationTemplates.Defaults.Keys
            .Where(key => TemplateAudiences.Reaches(key, roles))
            .Select(key => Info(key, options.Value))
            .Select(t => new MyTemplate(t.Key, t.TemplateId, t.Title, t.Audience, t.Roles, Math.Max(0, credits.GetValueOrDefault(t.TemplateId))))
            .ToList());
    }

    private static async Task<Ok<Credits>> Accept(AcceptanceRequest request, ClaimsPrincipal user, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var userId = user.UserId();
        await using var connection = await db.OpenConnectionAsync(ct);
        var remaining = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            INSERT INTO subscription_credits (user_id, template_id, credits, updated_at) VALUES (@userId, @TemplateId, @Accepted, @now)
            ON DUPLICATE KEY UPDATE credits = credits + @Accepted, updated_at = @now;
            SELECT credits FROM subscription_credits WHERE user_id = @userId AND template_id = @TemplateId;
            """,
            new { userId, request.TemplateId, request.Accepted, now = clock.StoredNow() }, cancellationToken: ct));
        return TypedResults.Ok(new Credits(request.TemplateId, remaining));
    }

    internal sealed class AcceptanceValidator : AbstractValidator<AcceptanceRequest>
    {
        public AcceptanceValidator(IOptions<NotificationOptions> options)
        {
            RuleFor(x => x.TemplateId)
                .Must(id => options.Value.Templates.Values.Any(t => t.TemplateId == id))
                .WithMessage("没有这个订阅消息模板。");
            // One tap gives one acceptance per template; a few at once is generous, more is not a real answer from WeChat.
            RuleFor(x => x.Accepted).InclusiveBetween(1, 10).WithMessage("订阅次数应在 1 到 10 之间。");
        }
    }
}
