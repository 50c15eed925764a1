using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Features.Photos;

/// <summary>
/// A photo's addresses. The only identifier in them is the photo's random public key: never a user id, openid, name or
/// topic, so the URL of an anonymous proposer's photo tells nothing of who took it. A photo anyone may see has a plain,
/// cacheable URL; any other is signed (HMAC-SHA256 over key, size and expiry) and handed only to those who may see it.
/// </summary>
public sealed class PhotoUrls(IOptions<PhotoOptions> options, IOptions<PublicOptions> publicOptions, TimeProvider clock)
{
    private static readonly byte[] ProcessSecret = RandomNumberGenerator.GetBytes(32);

    private readonly byte[] _secret = string.IsNullOrEmpty(options.Value.UrlSecret) ? ProcessSecret : Encoding.UTF8.GetBytes(options.Value.UrlSecret);

    /// <summary>16 random bytes, base64url: 22 characters.</summary>
    public static string NewKey() => Base64Url(RandomNumberGenerator.GetBytes(16));

    public static string StoreKey(string publicKey, string size) => $"{publicKey}/{size}.jpg";

    /// <summary>The plain address: served only while the photo may be seen by anyone.</summary>
    public string PublicUrl(string key, string size) => $"{Base}/api/photos/{key}/{size}.jpg";

    /// <summary>An address valid for <paramref name="lifetime"/> (the default: Photos:SignedUrlMinutes) to whoever holds it.</summary>
    public string SignedUrl(string key, string size, TimeSpan? lifetime = null)
    {
        var expires = clock.GetUtcNow().Add(lifetime ?? TimeSpan.FromMinutes(options.Value.SignedUrlMinutes)).ToUnixTimeSeconds();
        // Rounded up to the next 5 minutes: one photo's URL stays the same across answers for a while (image caches hit).
        expires = (expires + 299) / 300 * 300;
        return string.Create(CultureInfo.InvariantCulture, $"{PublicUrl(key, size)}?exp={expires}&sig={Sign(key, size, expires)}");
    }

    public bool IsValid(string key, string size, long? expires, string? signature)
    {
        if (expires is not { } exp || string.IsNullOrEmpty(signature) || exp < clock.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, size, exp)), Encoding.ASCII.GetBytes(signature));
    }

    private string Sign(string key, string size, long expires) =>
        Base64Url(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{key}/{size}/{expires}"))));

    private string Base => publicOptions.Value.BaseUrl.TrimEnd('/');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
