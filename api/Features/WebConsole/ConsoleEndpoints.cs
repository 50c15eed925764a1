using System.Security.Claims;
using Dapper;
using MaShangYi.Api.Commands;
using MaShangYi.Api.Features.Auth;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.Paging;
using MaShangYi.Api.Infrastructure.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace MaShangYi.Api.Features.WebConsole;

/// <summary>The console's own session: who is logged in, logging out, what the login page offers, and the record of console logins.</summary>
public static class ConsoleEndpoints
{
    public sealed record SessionView(ConsoleUser User, IReadOnlyList<GrantView> Grants, string CsrfToken);

    public sealed record DemoAccount(string Code, string Label);

    public sealed record ConsoleConfig(bool SimulatedWeChat, IReadOnlyList<DemoAccount> DemoStaff);

    public sealed record LoginEntry(long Id, string? UserName, DateTime At, string? Address, string Browser);

    public sealed record LoginPage(IReadOnlyList<LoginEntry> Items, long? NextAfter);

    /// <summary>The console's session and its scan-to-login, both sides.</summary>
    public static IEndpointRouteBuilder MapWebConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapConsoleEndpoints();
        app.MapLoginTicketEndpoints();
        app.MapLoginTicketScanEndpoints();
        return app;
    }

    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/console").WithTags("Console login");
        group.MapGet("/session", Session)
            .WithSummary("The console session of this browser: the user, their role grants and the CSRF token for state-changing requests")
            .ProducesProblem(401);
        group.MapPost("/logout", Logout)
            .WithSummary("End this browser's console session on the server and clear its cookie");
        group.MapGet("/config", Config)
            .WithSummary("What the login page offers: in simulated WeChat, the demo staff a developer can log in as without a phone");
        group.MapGet("/logins", Logins)
            .RequireAuthorization()
            .WithSummary("Console logins of the people holding roles in the caller's regions, newest first (region admin; keyset-paged with after)")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        return app;
    }

    private static async Task<Results<Ok<SessionView>, ProblemHttpResult>> Session(ClaimsPrincipal user, Sessions sessions, CancellationToken ct)
    {
        if (!user.IsConsoleSession() || await sessions.MeAsync(user.UserId(), ct) is not { } me)
        {
            return ApiProblem.Create(StatusCodes.Status401Unauthorized, "not_logged_in", "请先扫码登录管理后台。");
        }

        return TypedResults.Ok(new SessionView(new ConsoleUser(me.Id, me.DisplayName), me.Grants, user.FindFirstValue(ConsoleSession.CsrfClaim)!));
    }

    private static async Task<NoContent> Logout(HttpContext http, MySqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        await ConsoleSessions.EndAsync(http, db, clock.StoredNow(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ConsoleConfig>> Config(IOptions<WeChatOptions> wechat, MySqlDataSource db, CancellationToken ct)
    {
        if (wechat.Value.Mode != WeChatMode.Simulated)
        {
            return TypedResults.Ok(new ConsoleConfig(false, []));
        }

        var accounts = AdminCommands.DemoStaff.Select(s => (s.Code, s.Role, s.RegionCode))
            .Prepend((AdminCommands.DemoAdminLoginCode, Roles.RegionAdmin, "320800")).ToList();
        await using var connection = await db.OpenConnectionAsync(ct);
        var names = (await connection.QueryAsync<(string Code, string Name)>(new CommandDefinition(
            "SELECT code, name FROM regions WHERE code IN @codes", new { codes = accounts.Select(a => a.Item3).Distinct() }, cancellationToken: ct)))
            .ToDictionary(r => r.Code, r => r.Name);
        return TypedResults.Ok(new ConsoleConfig(true, [.. accounts.Select(a =>
            new DemoAccount(a.Item1, $"{Roles.ChineseNames[a.Item2]} · {names.GetValueOrDefault(a.Item3, a.Item3)}"))]));
    }

    private static async Task<Results<Ok<LoginPage>, ProblemHttpResult, ValidationProblem>> Logins(
        long? after, int? limit, CallerAccessor callers, MySqlDataSource db, CancellationToken ct)
    {
        if (!PageSize.TryRead(limit, 100, out var take, out var pageProblem))
        {
            return pageProblem!;
        }

        var scopes = (await callers.GetAsync(ct)).GrantsOf(Roles.RegionAdmin).Select(g => g.Path).Distinct().ToList();
        if (scopes.Count == 0)
        {
            return ApiProblem.Forbidden("只有区域管理员可以查看管理后台的登录记录。");
        }

        var args = new DynamicParameters(new { after, take = take + 1 });
        var covered = string.Join(" OR ", scopes.Select((path, i) =>
        {
            args.Add($"p{i}", path);
            return $"r.path LIKE CONCAT(@p{i}, '%')";
        }));
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<LoginEntry>(new CommandDefinition(
            $"""
            SELECT s.id, u.display_name AS UserName, s.created_at AS At, s.address, s.browser
            FROM console_sessions s JOIN users u ON u.id = s.user_id
            WHERE (@after IS NULL OR s.id < @after)
              AND EXISTS (SELECT 1 FROM role_grants g JOIN regions r ON r.id = g.region_id WHERE g.user_id = s.user_id AND ({covered}))
            ORDER BY s.id DESC
            LIMIT @take
            """,
            args, cancellationToken: ct))).AsList();
        var page = rows.Take(take).ToList();
        return TypedResults.Ok(new LoginPage(page, rows.Count > take ? page[^1].Id : null));
    }
}
