using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.WebConsole;

/// <summary>
/// The mini program's side of scan-to-login: the staff member who scanned a login code sees which browser asks, then
/// confirms or cancels. Only a person holding a role may; the first to scan a ticket holds it.
/// </summary>
public static class LoginTicketScanEndpoints
{
    /// <summary>What the confirm page shows: when the browser asked, until when, and which browser it is.</summary>
    public sealed record ScannedTicket(DateTime CreatedAt, DateTime ExpiresAt, string Browser);

    public static IEndpointRouteBuilder MapLoginTicketScanEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/console/login-tickets/by-scene/{scene}").WithTags("Console login").RequireAuthorization();
        group.MapGet("/", Scan)
            .WithSummary("The login a scanned console code asks for (staff only); marks it scanned by the caller")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(410);
        group.MapPost("/confirm", Confirm)
            .WithSummary("Let the browser that shows this code into the console as the caller (staff only; once)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(410);
        group.MapPost("/cancel", Cancel)
            .WithSummary("Refuse the login the code asks for (staff only)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(410);
        return app;
    }

    private static async Task<Results<Ok<ScannedTicket>, ProblemHttpResult, ValidationProblem>> Scan(
        string scene, CallerAccessor callers, LoginTickets tickets, CancellationToken ct)
    {
        if (!IsLoginScene(scene, out var normalized))
        {
            return InvalidScene();
        }

        var (ticket, userId, problem) = await StaffTicketAsync(normalized, callers, tickets, ct);
        if (problem is not null)
        {
            return problem;
        }

        return await tickets.ScanAsync(ticket!, userId, ct) switch
        {
            LoginTickets.Change.Done => TypedResults.Ok(new ScannedTicket(ticket!.CreatedAt, ticket.ExpiresAt, ticket.Browser)),
            LoginTickets.Change.Expired => TicketProblems.Expired(),
            _ => TicketProblems.Used(),
        };
    }

    private static Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Confirm(
        string scene, CallerAccessor callers, LoginTickets tickets, CancellationToken ct) =>
        MoveAsync(scene, callers, tickets, tickets.ConfirmAsync, ct);

    private static Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Cancel(
        string scene, CallerAccessor callers, LoginTickets tickets, CancellationToken ct) =>
        MoveAsync(scene, callers, tickets, tickets.CancelAsync, ct);

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> MoveAsync(
        string scene, CallerAccessor callers, LoginTickets tickets,
        Func<LoginTickets.Ticket, long, CancellationToken, Task<LoginTickets.Change>> move, CancellationToken ct)
    {
        if (!IsLoginScene(scene, out var normalized))
        {
            return InvalidScene();
        }

        var (ticket, userId, problem) = await StaffTicketAsync(normalized, callers, tickets, ct);
        if (problem is not null)
        {
            return problem;
        }

        return await move(ticket!, userId, ct) switch
        {
            LoginTickets.Change.Done => TypedResults.NoContent(),
            LoginTickets.Change.Expired => TicketProblems.Expired(),
            _ => TicketProblems.Used(),
        };
    }

    private static async Task<(LoginTickets.Ticket? Ticket, long UserId, ProblemHttpResult? Problem)> StaffTicketAsync(
        string scene, CallerAccessor callers, LoginTickets tickets, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        if (caller.Grants.Count == 0)
        {
            return (null, 0, TicketProblems.NotStaff());
        }

        var ticket = await tickets.FindBySceneAsync(scene, ct);
        return ticket is null ? (null, 0, TicketProblems.NotFound()) : (ticket, caller.UserId!.Value, null);
    }

    private static bool IsLoginScene(string scene, out string normalized)
    {
        normalized = SceneCodes.Normalize(scene);
        return SceneCodes.IsPrefixed(normalized, SceneCodes.LoginPrefix);
    }

    private static ValidationProblem InvalidScene() =>
        ApiProblem.Validation("scene", "这不是管理后台的登录码，请扫描电脑登录页上的小程序码。");
}
