using System.Text.RegularExpressions;

namespace MaShangYi.Api.Infrastructure.Storage;

/// <summary>The one rule for photo keys, shared by every store: relative, letters, digits, '-', '_', '.' and '/', no "..".</summary>
public static partial class PhotoKeys
{
    public static bool IsValid(string? key) => key is not null && SafeKey().IsMatch(key) && !key.Contains("..", StringComparison.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> for a key that is not a photo key (a bug in the caller, never user input).</summary>
    public static string Check(string key, string paramName = "key") =>
        IsValid(key) ? key : throw new ArgumentException($"'{key}' is not a photo key.", paramName);

    [GeneratedRegex("^[A-Za-z0-9_\\-][A-Za-z0-9_\\-./]{0,200}$")]
    private static partial Regex SafeKey();
}
