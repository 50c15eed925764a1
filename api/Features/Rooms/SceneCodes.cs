using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace MaShangYi.Api.Features.Rooms;

/// <summary>
/// Scene codes: what a room's printed mini program code carries. Eight characters from an alphabet without
/// look-alikes (no 0/O, 1/I/L), upper case only, so it can be read aloud over the phone and typed back.
/// 31^8 ≈ 8.5 × 10^11 codes: collisions are rare and the unique key catches the ones that happen.
/// </summary>
public static partial class SceneCodes
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 8;

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Whether <paramref name="scene"/> could be a WeChat scene at all: 1–32 characters of WeChat's allowed set.</summary>
    public static bool IsWellFormed([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? scene) => scene is not null && WeChatScene().IsMatch(scene);

    /// <summary>Codes read aloud come back in lower case; ours are upper case only.</summary>
    public static string Normalize(string scene) => scene.Trim().ToUpperInvariant();

    [GeneratedRegex(@"^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$")]
    private static partial Regex WeChatScene();
}
