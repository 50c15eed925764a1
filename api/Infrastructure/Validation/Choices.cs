namespace MaShangYi.Api.Infrastructure.Validation;

/// <summary>Field messages for a value that must be one of a fixed set the person picks from on screen.</summary>
public static class Choices
{
    /// <summary>
    /// 请选择{what} when nothing was chosen; otherwise the choices by the names the screen shows, never their codes.
    /// </summary>
    public static string Unknown(string what, string? value, IEnumerable<string> names) => string.IsNullOrWhiteSpace(value)
        ? $"请选择{what}。"
        : $"没有这个{what}，请在{string.Join("、", names)}中选一个。";
}
