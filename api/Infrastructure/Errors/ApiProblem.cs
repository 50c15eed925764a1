using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Infrastructure.Errors;

/// <summary>
/// Builds RFC 9457 problem responses in the house shape: a stable machine-readable <c>code</c>
/// extension plus a Chinese <c>detail</c> a resident or staff member can read.
/// </summary>
public static class ApiProblem
{
    public static ProblemHttpResult Create(int status, string code, string message, IDictionary<string, object?>? extensions = null)
    {
        var ext = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        return TypedResults.Problem(detail: message, statusCode: status, title: TitleFor(status), extensions: ext);
    }

    /// <summary>422 for a rule about one field's value (a date already past): the message also stands under the field, as
    /// the forms show <c>errors</c>, and the <c>code</c> still names the rule.</summary>
    public static ProblemHttpResult FieldRule(string code, string field, string message) =>
        Create(StatusCodes.Status422UnprocessableEntity, code, message, new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    public static ProblemHttpResult NotFound(string code, string message) => Create(StatusCodes.Status404NotFound, code, message);

    public static ProblemHttpResult Forbidden(string message = "您没有权限进行此操作。") => Create(StatusCodes.Status403Forbidden, "forbidden", message);

    public static ProblemHttpResult Conflict(string code, string message) => Create(StatusCodes.Status409Conflict, code, message);

    public static ProblemHttpResult BadRequest(string code, string message) => Create(StatusCodes.Status400BadRequest, code, message);

    /// <summary>400 with field-level errors (the <c>errors</c> member of a validation problem).</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string message = "提交的内容有误，请按提示修改。") =>
        TypedResults.ValidationProblem(
            errors,
            detail: message,
            title: TitleFor(StatusCodes.Status400BadRequest),
            extensions: new Dictionary<string, object?> { ["code"] = "validation_failed" });

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static string TitleFor(int status) => status switch
    {
        400 => "请求有误",
        401 => "需要登录",
        403 => "没有权限",
        404 => "未找到",
        405 => "不支持的请求方法",
        409 => "状态冲突",
        410 => "已失效",
        413 => "内容过大",
        415 => "不支持的内容类型",
        422 => "无法处理",
        429 => "请求过于频繁",
        502 => "上游服务出错",
        503 => "服务暂不可用",
        _ when status >= 500 => "服务器内部错误",
        _ => "请求失败",
    };
}
