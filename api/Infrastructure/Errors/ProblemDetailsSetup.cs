using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace MaShangYi.Api.Infrastructure.Errors;

public static class ProblemDetailsSetup
{
    /// <summary>Every error response, including ones the framework produces, becomes a ProblemDetails with a <c>code</c> and a Chinese message.</summary>
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Extensions.TryAdd("code", DefaultCode(status));
            problem.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
            if (problem.Title is null || problem.Title.All(c => c < 128))
            {
                problem.Title = ApiProblem.TitleFor(status);
            }

            problem.Detail ??= DefaultMessage(status);
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Binding failures (bad JSON, wrong types) throw so the handler below can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseApiProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    private static string DefaultCode(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        429 => "rate_limited",
        503 => "service_unavailable",
        _ => status >= 500 ? "internal_error" : "error",
    };

    private static string DefaultMessage(int status) => status switch
    {
        401 => "还没有登录或登录已过期，请关掉小程序再打开一次，会自动登录。",
        403 => "您没有权限进行此操作。",
        404 => "请求的内容不存在。",
        405 => "不支持该请求方法。",
        413 => "提交的内容过大。",
        415 => "不支持的内容类型，请以 JSON 提交。",
        429 => "操作太频繁，请稍后再试。",
        503 => "服务暂时不可用，请稍后重试。",
        _ => status >= 500 ? "服务器开了小差，请稍后重试。" : "请求有误。",
    };

    private sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            var (status, problem) = Describe(exception);
            if (status >= 500)
            {
                logger.LogError(exception, "Unhandled exception on {Path}", httpContext.Request.Path);
            }

            httpContext.Response.StatusCode = status;
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                httpContext.Response.Headers.RetryAfter = "5";
            }

            problem.Status = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
        }

        private static (int Status, ProblemDetails Problem) Describe(Exception exception) => exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => (400, FieldProblem(json)),
            BadHttpRequestException bad when bad.StatusCode == 413 =>
                (413, new ProblemDetails { Detail = "提交的内容过大，请减少内容后再试（一张照片不超过 10 MB）。", Extensions = { ["code"] = "payload_too_large" } }),
            BadHttpRequestException bad =>
                (bad.StatusCode, new ProblemDetails { Detail = BadRequestMessage(bad), Extensions = { ["code"] = "bad_request" } }),
            _ when DatabaseFailures.IsUnavailable(exception) =>
                (503, new ProblemDetails { Detail = "服务暂时不可用，请稍后重试。", Extensions = { ["code"] = "service_unavailable" } }),
            TimeoutException =>
                (503, new ProblemDetails { Detail = "服务暂时不可用，请稍后重试。", Extensions = { ["code"] = "service_unavailable" } }),
            _ => (500, new ProblemDetails()),
        };

        private static string BadRequestMessage(BadHttpRequestException bad) =>
            bad.Message.Contains("Content-Type", StringComparison.OrdinalIgnoreCase) ? "请以 JSON 格式提交。" : "请求格式有误，请检查后重试。";

        private static ValidationProblemDetails FieldProblem(JsonException json)
        {
            var field = FieldName(json.Path);
            var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "不认识的字段。"
                : "格式或类型不正确。";
            return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Detail = "提交的内容有误，请按提示修改。",
                Extensions = { ["code"] = "validation_failed" },
            };
        }

        // "$.room.name" → "room.name"; an unmapped member leaves the path at the parent, so fall back to the body.
        private static string FieldName(string? path) =>
            string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
    }
}
