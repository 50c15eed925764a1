using System.Buffers;

namespace MaShangYi.Api.Features.Codes;

/// <summary>
/// Region and room names are typed by people, and become folder and file names in <c>codes.zip</c>. One name is one
/// path segment: no separators, nothing Windows refuses, no control characters and no leading dot — so never <c>.</c>,
/// <c>..</c> or a hidden file, whatever a region is called.
/// </summary>
public static class ZipEntryNames
{
    private static readonly SearchValues<char> Refused = SearchValues.Create("/\\:*?\"<>|");

    public static string Segment(string name)
    {
        var chars = name.Select(c => char.IsControl(c) || Refused.Contains(c) ? '_' : c).ToArray();
        for (var i = 0; i < chars.Length && chars[i] is '.' or ' '; i++)
        {
            chars[i] = '_';
        }

        // Windows drops trailing dots and spaces, so "a." and "a" would be one file there.
        var segment = new string(chars).TrimEnd('.', ' ');
        return segment.Length == 0 ? "_" : segment;
    }
}
