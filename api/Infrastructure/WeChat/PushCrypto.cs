using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MaShangYi.Api.Infrastructure.WeChat;

/// <summary>Why an encrypted push could not be read.</summary>
public enum PushDecryptFailure
{
    None,
    /// <summary>Not base64, not whole AES blocks, bad padding or a length that does not fit: tampered or not ours.</summary>
    Malformed,
    /// <summary>Decrypted, but for another mini program.</summary>
    WrongAppId,
}

/// <summary>
/// WeChat's message push signatures and safe-mode encryption (reference/wechat-api.md, "Message push"). Signatures are
/// the SHA-1 hex of the ordinally sorted parts, concatenated. Safe mode: AES-256-CBC, key = Base64(EncodingAESKey + "="),
/// IV = the key's first 16 bytes, PKCS#7 padding to a multiple of 32 bytes; the plaintext is 16 random bytes, the
/// message's length (4 bytes, big-endian), the message, then the AppID. Encrypting is here for the fake WeChat in the tests.
/// </summary>
public sealed class PushCrypto
{
    private const int RandomLength = 16;
    private const int PadBlock = 32;

    private readonly string _token;
    private readonly byte[]? _key;
    private readonly string _appId;

    /// <param name="token">The push Token.</param>
    /// <param name="encodingAesKey">The 43-character EncodingAESKey; empty when only plain mode is set up.</param>
    /// <param name="appId">The mini program's AppID, which every encrypted push must end with.</param>
    public PushCrypto(string token, string? encodingAesKey, string appId)
    {
        _token = token;
        _appId = appId;
        _key = string.IsNullOrEmpty(encodingAesKey) ? null
            : IsWellFormedKey(encodingAesKey) ? KeyOf(encodingAesKey)
            : throw new ArgumentException("An EncodingAESKey is 43 base64 characters.", nameof(encodingAesKey));
    }

    public bool CanDecrypt => _key is not null;

    /// <summary>A Token WeChat's admin console accepts: 3–32 letters or digits.</summary>
    public static bool IsWellFormedToken(string token) => token.Length is >= 3 and <= 32 && token.All(char.IsAsciiLetterOrDigit);

    /// <summary>An EncodingAESKey: 43 base64 characters that decode (with the missing "=") to 32 bytes.</summary>
    public static bool IsWellFormedKey(string key) =>
        key.Length == 43 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/') && KeyOf(key).Length == 32;

    /// <summary>SHA-1, lowercase hex, of the parts sorted ordinally and concatenated.</summary>
    public static string Signature(params string[] parts)
    {
        var sorted = parts.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
#pragma warning disable CA5350 // WeChat's push protocol fixes SHA-1; the choice is not ours.
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted))));
#pragma warning restore CA5350
    }

    /// <summary>Whether <paramref name="signature"/> signs the token with these parts (compared in constant time).</summary>
    public bool Verifies(string? signature, params string[] parts)
    {
        if (string.IsNullOrEmpty(signature) || _token.Length == 0)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Signature([_token, .. parts]));
        var given = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The safe-mode <c>Encrypt</c> field for <paramref name="message"/>, with fresh random bytes.</summary>
    public string Encrypt(string message) => Encrypt(message, RandomNumberGenerator.GetBytes(RandomLength));

    /// <summary>The safe-mode <c>Encrypt</c> field for <paramref name="message"/> with the given 16 random bytes (test vectors).</summary>
    public string Encrypt(string message, ReadOnlySpan<byte> random)
    {
        var key = _key ?? throw new InvalidOperationException("No EncodingAESKey is configured.");
        if (random.Length != RandomLength)
        {
            throw new ArgumentException("Safe mode prefixes exactly 16 random bytes.", nameof(random));
        }

        var body = Encoding.UTF8.GetBytes(message);
        var appId = Encoding.UTF8.GetBytes(_appId);
        var length = RandomLength + 4 + body.Length + appId.Length;
        var pad = PadBlock - (length % PadBlock);
        var plain = new byte[length + pad];
        random.CopyTo(plain);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(RandomLength, 4), body.Length);
        body.CopyTo(plain, RandomLength + 4);
        appId.CopyTo(plain, RandomLength + 4 + body.Length);
        plain.AsSpan(length).Fill((byte)pad);

        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, key.AsSpan(0, 16), PaddingMode.None));
    }

    /// <summary>Reads a safe-mode <c>Encrypt</c> field. Never throws for bad input: says why instead.</summary>
    public PushDecryptFailure TryDecrypt(string? encrypted, out string message)
    {
        message = "";
        if (_key is null || string.IsNullOrEmpty(encrypted))
        {
            return PushDecryptFailure.Malformed;
        }

        var cipher = new byte[encrypted.Length];
        if (!Convert.TryFromBase64String(encrypted, cipher, out var cipherLength) || cipherLength == 0 || cipherLength % 16 != 0)
        {
            return PushDecryptFailure.Malformed;
        }

        byte[] plain;
        using (var aes = Aes.Create())
        {
            aes.Key = _key;
            plain = aes.DecryptCbc(cipher.AsSpan(0, cipherLength), _key.AsSpan(0, 16), PaddingMode.None);
        }

        var pad = plain[^1];
        if (pad is < 1 or > PadBlock || pad > plain.Length || plain.AsSpan(plain.Length - pad).IndexOfAnyExcept(pad) >= 0)
        {
            return PushDecryptFailure.Malformed;
        }

        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < RandomLength + 4)
        {
            return PushDecryptFailure.Malformed;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(RandomLength, 4));
        if (length > (uint)(content.Length - RandomLength - 4))
        {
            return PushDecryptFailure.Malformed;
        }

        var body = content.Slice(RandomLength + 4, (int)length);
        var appId = content[(RandomLength + 4 + (int)length)..];
        if (!appId.SequenceEqual(Encoding.UTF8.GetBytes(_appId)) || _appId.Length == 0)
        {
            return PushDecryptFailure.WrongAppId;
        }

        try
        {
            message = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return PushDecryptFailure.Malformed;
        }

        return PushDecryptFailure.None;
    }

    private static byte[] KeyOf(string encodingAesKey)
    {
        var key = new byte[33];
        return Convert.TryFromBase64String(encodingAesKey + "=", key, out var written) ? key[..written] : [];
    }
}
