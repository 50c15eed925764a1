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
/// Subscribe messages from the mini program's side: which templates to ask for (wx.requestSubscribeMessage), and the
/// one-time acceptances the resident gave, counted per user and template as credits that messages spend.
/// </summary>
public static class SubscriptionEndpoints
{
    public sealed record TemplateInfo(string Key, string TemplateId, string Title);

    public sealed record AcceptanceRequest(string TemplateId, int Accepted);

    public sealed record Credits(string TemplateId, int Remaining);

    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/subscriptions/templates", Templates)
            .WithTags("Notifications")
            .WithSummary("The subscribe-message templates the mini program may ask a user to accept (public)");
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
        TypedResults.Ok(NotificationTemplates.Defaults.Keys
            .Select(key => new TemplateInfo(key, options.Value.Templates[key].TemplateId, options.Value.Templates[key].Title))
            .ToList());

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
