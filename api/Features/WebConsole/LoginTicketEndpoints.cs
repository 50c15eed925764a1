using Dapper;
using FluentValidation;
using MaShangYi.Api.Features.Codes;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Limits;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.Time;
using MaShangYi.Api.Infrastructure.Validation;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace MaShangYi.Api.Features.WebConsole;

/// <summary>The console login page's side of scan-to-login: get a ticket, show its code, poll until it is confirmed.</summary>
public static class LoginTicketEndpoints
{
    public sealed record TicketCreated(string Ticket, string Scene, DateTime ExpiresAt, string CodeUrl);

    /// <summary>A poll's answer; when confirmed (once) also the session's CSRF token and who logged in.</summary>
    public sealed record TicketPoll(string Status, string? CsrfToken = null, ConsoleUser? User = null);

    public sealed record SimulateConfirmRequest(string Code);

    public static IEndpointRouteBuilder MapLoginTicketEndpoints(this IEndpointRouteBuilder app)
    {
        // These act on the binding cookie, never on a console session, so a session cookie sent along needs no CSRF token.
        var group = app.MapGroup("/api/console/login-tickets").WithTags("Console login").WithValidation().AllowWithoutCsrf();
        group.MapPost("/", Create)
            .RequireRateLimiting(RateLimits.LoginPolicy)
            .WithSummary("Start a scan-to-login: a one-time ticket (about two minutes) bound to this browser by an HttpOnly cookie")
            .WithDescription("The scene is what the ticket's mini program code carries (L + 15 characters). Poll the ticket with the same browser until a staff member confirms it in the mini program.")
            .ProducesProblem(429);
        group.MapGet("/{ticket}", Poll)
            .WithSummary("Where the login stands: pending, scanned, confirmed, cancelled or expired (the browser that started it)")
            .WithDescription("When confirmed, this answer (once) sets the console session cookie msy_console and carries the CSRF token; later polls say expired.")
            .ProducesProblem(404);
        group.MapGet("/{ticket}/code", Code)
            .WithSummary("The ticket's mini program code image, which opens the confirm page (the browser that started it)")
            .Produces(200, contentType: "image/png").ProducesProblem(404).ProducesProblem(410).ProducesProblem(429).ProducesProblem(502).ProducesProblem(503);
        group.MapPost("/{ticket}/simulate-confirm", SimulateConfirm)
            .WithSummary("Simulated WeChat only: confirm the ticket as the staff member a simulated login code stands for (404 with real WeChat)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(410);
        return app;
    }

    private static async Task<Created<TicketCreated>> Create(HttpContext http, LoginTickets tickets, IOptions<ConsoleOptions> options, CancellationToken ct)
    {
        var (ticket, binding) = await tickets.CreateAsync(http, ct);
        LoginTickets.WriteBindingCookie(http, binding, options.Value.LoginTicketSeconds);
        var url = $"/api/console/login-tickets/{ticket.Handle}";
        return TypedResults.Created(url, new TicketCreated(ticket.Handle, ticket.Scene, ticket.ExpiresAt, url + "/code"));
    }

    private static async Task<Results<Ok<TicketPoll>, ProblemHttpResult>> Poll(
        string ticket, HttpContext http, LoginTickets tickets, TimeProvider clock, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (await tickets.FindBoundAsync(ticket, http, ct) is not { } found)
        {
            return TicketProblems.NotFound();
        }

        var status = found.VisibleStatus(clock.StoredNow());
        if (status != "confirmed")
        {
            return TypedResults.Ok(new TicketPoll(status));
        }

        if (await tickets.ConsumeAsync(found, http, ct) is not { } session)
        {
            return TypedResults.Ok(new TicketPoll("expired"));
        }

        ConsoleSessions.WriteCookie(http, session);
        LoginTickets.ClearBindingCookie(http);
        return TypedResults.Ok(new TicketPoll("confirmed", session.CsrfToken, session.User));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Code(
        string ticket, HttpContext http, LoginTickets tickets, CodeImages images, TimeProvider clock, CancellationToken ct)
    {
        if (await tickets.FindBoundAsync(ticket, http, ct) is not { } found)
        {
            return TicketProblems.NotFound();
        }

        if (found.VisibleStatus(clock.StoredNow()) == "expired")
        {
            return TicketProblems.Expired();
        }

        try
        {
            var image = await images.ForLoginTicketAsync(found.Scene, ct);
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.File(image.Bytes, image.ContentType);
        }
        catch (WeChatException ex)
        {
            return CodeEndpoints.CodeProblem(ex);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SimulateConfirm(
        string ticket, SimulateConfirmRequest request, HttpContext http, LoginTickets tickets, IOptions<WeChatOptions> wechat, MySqlDataSource db, CancellationToken ct)
    {
        if (wechat.Value.Mode != WeChatMode.Simulated)
        {
            return ApiProblem.NotFound("not_found", "请求的内容不存在。");
        }

        if (await tickets.FindBoundAsync(ticket, http, ct) is not { } found)
        {
            return TicketProblems.NotFound();
        }

        long? staffId;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            staffId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT u.id FROM users u WHERE u.openid = @openId AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id)",
                new { openId = SimulatedWeChatClient.OpenIdFor(request.Code.Trim()) }, cancellationToken: ct));
        }

        return staffId is { } userId ? TicketProblems.Answer(await tickets.ConfirmAsync(found, userId, ct)) : TicketProblems.NotStaff();
    }

    internal sealed class SimulateConfirmValidator : AbstractValidator<SimulateConfirmRequest>
    {
        public SimulateConfirmValidator() =>
            RuleFor(x => x.Code).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage("请选择模拟登录的工作人员。")
                .MaximumLength(64).WithMessage("模拟登录码不超过 64 个字符。");
    }
}

/// <summary>The answers about a login ticket both sides give.</summary>
internal static class TicketProblems
{
    public static ProblemHttpResult NotFound() => ApiProblem.NotFound("ticket_not_found", "登录码不存在或已失效，请在电脑上刷新登录页。");

    public static ProblemHttpResult Expired() =>
        ApiProblem.Create(StatusCodes.Status410Gone, "ticket_expired", "登录码已过期，请在电脑上刷新登录页后重新扫码。");

    public static ProblemHttpResult Used() => ApiProblem.Conflict("ticket_used", "该登录码已被使用或已取消，请在电脑上刷新登录页后重新扫码。");

    public static ProblemHttpResult NotStaff() => ApiProblem.Create(StatusCodes.Status403Forbidden, "not_staff",
        "管理后台仅供工作人员使用。您的微信账号还没有工作角色，不能登录；如需使用，请联系区域管理员邀请您。");

    public static Results<NoContent, ProblemHttpResult> Answer(LoginTickets.Change change) => change switch
    {
        LoginTickets.Change.Done => TypedResults.NoContent(),
        LoginTickets.Change.Expired => Expired(),
        _ => Used(),
    };
}
