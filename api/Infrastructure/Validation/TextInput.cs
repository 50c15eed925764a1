namespace MaShangYi.Api.Infrastructure.Validation;

/// <summary>How optional text from a request is stored: trimmed, and blank as no value at all.</summary>
public static class TextInput
{
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
