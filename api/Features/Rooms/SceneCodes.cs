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

    private static readonly System.Buffers.SearchValues<char> AlphabetChars = System.Buffers.SearchValues.Create(Alphabet);

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>
    /// The scenes of one-time codes (console logins 'L', invitations 'I'): the prefix, then 15 characters of the alphabet —
    /// 16 in all, so never a room's 8, and I and L are not in the alphabet, so the prefix alone tells them apart.
    /// </summary>
    public const int PrefixedLength = 16;

    public const char LoginPrefix = 'L';

    public const char InvitationPrefix = 'I';

    public static string Generate(char prefix) => prefix + RandomNumberGenerator.GetString(Alphabet, PrefixedLength - 1);

    /// <summary>Whether <paramref name="scene"/> (already <see cref="Normalize"/>d) is a well-formed scene with <paramref name="prefix"/>.</summary>
    public static bool IsPrefixed(string scene, char prefix) =>
        scene.Length == PrefixedLength && scene[0] == prefix && scene.AsSpan(1).IndexOfAnyExcept(AlphabetChars) < 0;

    /// <summary>Whether <paramref name="scene"/> could be a WeChat scene at all: 1–32 characters of WeChat's allowed set.</summary>
    public static bool IsWellFormed([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? scene) => scene is not null && WeChatScene().IsMatch(scene);

    /// <summary>Codes read aloud come back in lower case; ours are upper case only.</summary>
    public static string Normalize(string scene) => scene.Trim().ToUpperInvariant();

    [GeneratedRegex(@"^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$")]
    private static partial Regex WeChatScene();
}
