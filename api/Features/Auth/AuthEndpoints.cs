using FluentValidation;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Validation;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Auth;

public static class AuthEndpoints
{
    public sealed record LoginRequest(string Code);

    public sealed record RefreshRequest(string RefreshToken);

    public sealed record TokenResponse(string AccessToken, int ExpiresIn, string RefreshToken, int RefreshExpiresIn, long UserId, bool IsNewUser);

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Login").WithValidation();

        group.MapPost("/login", Login)
            .RequireRateLimiting(Infrastructure.Limits.RateLimits.LoginPolicy)
            .WithSummary("Log in with a wx.login code")
            .WithDescription("Exchanges the mini program's wx.login code with WeChat (code2Session), creates or finds the user by openid and returns our own short-lived access token and a refresh token. The session_key never leaves the server.")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429).ProducesProblem(502).ProducesProblem(503);
        group.MapPost("/refresh", Refresh)
            .WithSummary("Renew the access token with a refresh token")
            .WithDescription("Refresh tokens rotate: each is good for one use. Presenting a used token again revokes all of the user's sessions.")
            .ProducesProblem(401);
        group.MapPost("/logout", Logout)
            .WithSummary("Revoke a refresh token");
        app.MapGet("/api/me", Me)
            .WithTags("Login")
            .RequireAuthorization()
            .WithSummary("The logged-in user with their role grants and scopes")
            .ProducesProblem(401);
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Login(
        LoginRequest request, IWeChatClient wechat, Sessions sessions, HttpResponse response, CancellationToken ct)
    {
        WeChatSession session;
        try
        {
            session = await wechat.Code2SessionAsync(request.Code.Trim(), ct);
        }
        catch (WeChatException ex)
        {
            var problem = LoginProblem(ex);
            if (problem.ProblemDetails.Extensions.TryGetValue("retryAfterSeconds", out var seconds))
            {
                response.Headers.RetryAfter = seconds?.ToString();
            }

            return problem;
        }

        return TypedResults.Ok(await sessions.StartAsync(session, ct));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Refresh(RefreshRequest request, Sessions sessions, CancellationToken ct)
    {
        var tokens = await sessions.RefreshAsync(request.RefreshToken, ct);
        return tokens is null
            ? ApiProblem.Create(401, "refresh_token_invalid", "登录已失效，请关掉小程序再打开一次，会自动重新登录。")
            : TypedResults.Ok(tokens);
    }

    private static async Task<NoContent> Logout(RefreshRequest request, Sessions sessions, CancellationToken ct)
    {
        await sessions.RevokeAsync(request.RefreshToken, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> Me(System.Security.Claims.ClaimsPrincipal user, Sessions sessions, CancellationToken ct)
    {
        var me = await sessions.MeAsync(user.UserId(), ct);
        return me is null ? ApiProblem.Create(401, "unauthenticated", "没有找到您的账号，请关掉小程序再打开一次，会自动重新登录。") : TypedResults.Ok(me);
    }

    /// <summary>WeChat's login failures, each as one clear response the mini program can act on.</summary>
    internal static ProblemHttpResult LoginProblem(WeChatException ex) => ex.Failure switch
    {
        WeChatFailure.InvalidCode => ApiProblem.Create(401, "wechat_code_invalid", "登录凭证无效或已过期，请重新进入小程序。"),
        WeChatFailure.RateLimited => ApiProblem.Create(429, "wechat_rate_limited", "登录太频繁，请一分钟后再试。", new Dictionary<string, object?> { ["retryAfterSeconds"] = 60 }),
        WeChatFailure.HighRiskUser => ApiProblem.Create(403, "wechat_user_blocked", "微信判定该账号存在风险，暂时无法登录。"),
        WeChatFailure.Busy or WeChatFailure.Unreachable => ApiProblem.Create(503, "wechat_unavailable", "微信服务繁忙，请稍后重试。", new Dictionary<string, object?> { ["retryAfterSeconds"] = 5 }),
        _ => ApiProblem.Create(502, "wechat_error", "微信登录服务出错，请稍后重试。"),
    };

    internal sealed class LoginValidator : AbstractValidator<LoginRequest>
    {
        public LoginValidator() =>
            RuleFor(x => x.Code).NotEmpty().WithMessage("缺少登录凭证。").MaximumLength(128).WithMessage("登录凭证格式不正确。");
    }

    internal sealed class RefreshValidator : AbstractValidator<RefreshRequest>
    {
        public RefreshValidator() =>
            RuleFor(x => x.RefreshToken).NotEmpty().WithMessage("缺少刷新凭证。").MaximumLength(128).WithMessage("刷新凭证格式不正确。");
    }
}
