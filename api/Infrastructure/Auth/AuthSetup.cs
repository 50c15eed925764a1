using System.Security.Claims;
using System.Text;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Infrastructure.Auth;

public static class AuthSetup
{
    /// <summary>
    /// JWT bearer authentication with our own short-lived tokens (the mini program), or the web console's session cookie
    /// (<see cref="ConsoleSession"/>); 401/403 are written as ProblemDetails in Chinese.
    /// </summary>
    public static IServiceCollection AddApiAuth(this IServiceCollection services)
    {
        services.AddSingleton<TokenService>();
        services.AddScoped<Access>();
        services.AddHttpContextAccessor();
        services.AddScoped<CallerAccessor>();
        services.AddAuthorization();
        services.AddAuthentication(ConsoleSession.BearerOrCookie)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ConsoleSessionHandler>(ConsoleSession.Scheme, null)
            .AddPolicyScheme(ConsoleSession.BearerOrCookie, null, policy =>
            {
                // A bearer token wins; the console's cookie counts only on requests without one. Either way 401 and 403
                // are the bearer scheme's ProblemDetails.
                policy.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.Count == 0 && context.Request.Cookies.ContainsKey(ConsoleSession.CookieName)
                        ? ConsoleSession.Scheme
                        : JwtBearerDefaults.AuthenticationScheme;
                policy.ForwardChallenge = JwtBearerDefaults.AuthenticationScheme;
                policy.ForwardForbid = JwtBearerDefaults.AuthenticationScheme;
            });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, TimeProvider>((bearer, jwtOptions, clock) =>
            {
                var jwt = jwtOptions.Value;
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "sub",
                    // Tokens are issued on the TimeProvider's clock, so they must be checked on it too (tests move it).
                    LifetimeValidator = (notBefore, expires, _, parameters) => CheckLifetime(clock, notBefore, expires, parameters.ClockSkew),
                };
                bearer.Events = new JwtBearerEvents
                {
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var expired = context.AuthenticateFailure is SecurityTokenExpiredException;
                        await WriteProblem(
                            context.HttpContext,
                            401,
                            expired ? "token_expired" : "unauthenticated",
                            expired ? "登录已过期，请关掉小程序再打开一次，会自动重新登录。" : "还没有登录，请关掉小程序再打开一次，会自动登录。");
                    },
                    OnForbidden = context => WriteProblem(context.HttpContext, 403, "forbidden", "您没有权限进行此操作。"),
                };
            });
        return services;
    }

    /// <summary>Authentication, then the console's CSRF check, which needs to know how the request was authenticated.</summary>
    public static WebApplication UseApiAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseConsoleCsrf();
        return app;
    }

    // The default lifetime check reads DateTime.UtcNow; the exceptions are the ones it throws, so an expired token still says so.
    private static bool CheckLifetime(TimeProvider clock, DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = clock.StoredNow();
        if (notBefore is { } nbf && nbf > now.Add(skew))
        {
            throw new SecurityTokenNotYetValidException("The token is not yet valid.") { NotBefore = nbf };
        }

        if (expires is not { } exp || exp < now.Subtract(skew))
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires ?? DateTime.MinValue };
        }

        return true;
    }

    private static async Task WriteProblem(HttpContext http, int status, string code, string message)
    {
        var problem = ApiProblem.Create(status, code, message);
        await problem.ExecuteAsync(http);
    }

    /// <summary>The caller's user id; only call on endpoints that require authorization.</summary>
    public static long UserId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue("sub") ?? throw new InvalidOperationException("No authenticated user."), System.Globalization.CultureInfo.InvariantCulture);
}
