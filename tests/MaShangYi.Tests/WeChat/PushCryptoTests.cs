using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.WeChat;

public sealed class PushCryptoTests
{
    private const string Token = "AAAAA";
    private const string Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string AppId = "wx1234567890abcdef";
    private const string Message = """{"Event":"wxa_media_check","trace_id":"trace-1"}""";

    /// <summary>
    /// Made outside .NET: the plaintext assembled by hand (bytes 0..15, the length 0x00000031 big-endian, the message,
    /// the AppID, 15 bytes of 0x0F), then <c>openssl enc -aes-256-cbc -nopad</c> with the key and its first 16 bytes as IV.
    /// </summary>
    private const string OpensslVector =
        "IG+0eOkLdhYW9kHtuT3HY/NFkKlOmRw5N7VhvW/FG7rbuxFR2TyURbEQSYAi4rqwK4zIb4oEillIQwnH14aXqvxT9Cj9Mqj2MwirQ+bAYCLsnu+PElMkMvqpeqLFmk+F";

    private static readonly byte[] Random16 = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

    private readonly PushCrypto _crypto = new(Token, Key, AppId);

    [Test]
    public void TheSignatureMatchesTheReferenceVector() =>
        Assert.That(PushCrypto.Signature("AAAAA", "1714036504", "1514711492"), Is.EqualTo("f464b24fc39322e44b38aa78f5edd27bd1441696"));

    [Test]
    public void VerifyingAcceptsTheRightSignatureInEitherCaseAndRefusesAnyOther()
    {
        Assert.That(_crypto.Verifies("f464b24fc39322e44b38aa78f5edd27bd1441696", "1714036504", "1514711492"), Is.True);
        Assert.That(_crypto.Verifies("F464B24FC39322E44B38AA78F5EDD27BD1441696", "1714036504", "1514711492"), Is.True);
        Assert.That(_crypto.Verifies("f464b24fc39322e44b38aa78f5edd27bd1441697", "1714036504", "1514711492"), Is.False);
        Assert.That(_crypto.Verifies("f464b24fc39322e44b38aa78f5edd27bd1441696", "1714036505", "1514711492"), Is.False);
        Assert.That(_crypto.Verifies("", "1714036504", "1514711492"), Is.False);
        Assert.That(_crypto.Verifies(null, "1714036504", "1514711492"), Is.False);
    }

    [Test]
    public void EncryptingWithFixedRandomBytesGivesTheOpensslVector() =>
        Assert.That(_crypto.Encrypt(Message, Random16), Is.EqualTo(OpensslVector));

    [Test]
    public void EncryptingMatchesTheAlgorithmAssembledByHand()
    {
        var key = Convert.FromBase64String(Key + "=");
        var message = Encoding.UTF8.GetBytes("审核结果 " + Message);
        var appId = Encoding.UTF8.GetBytes(AppId);
        var plain = new List<byte>(Random16);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, message.Length);
        plain.AddRange(length);
        plain.AddRange(message);
        plain.AddRange(appId);
        var pad = 32 - (plain.Count % 32);
        plain.AddRange(Enumerable.Repeat((byte)pad, pad));
        using var aes = Aes.Create();
        aes.Key = key;
        aes.IV = key[..16];
        aes.Mode = CipherMode.CBC;
        aes.Padding = PaddingMode.None;
        using var encryptor = aes.CreateEncryptor();
        var expected = Convert.ToBase64String(encryptor.TransformFinalBlock([.. plain], 0, plain.Count));

        Assert.That(_crypto.Encrypt("审核结果 " + Message, Random16), Is.EqualTo(expected));
    }

    [Test]
    public void TheOpensslVectorDecryptsToTheMessage()
    {
        Assert.That(_crypto.TryDecrypt(OpensslVector, out var message), Is.EqualTo(PushDecryptFailure.None));
        Assert.That(message, Is.EqualTo(Message));
    }

    [TestCase("")]
    [TestCase("x")]
    [TestCase("短消息")]
    [TestCase("0123456789")] // 16 + 4 + 10 + 18 = 48 bytes: 16 of padding
    [TestCase("01234567890123456789012345")] // 16 + 4 + 26 + 18 = 64 bytes: a whole 32-byte block of padding
    public void WhateverIsEncryptedDecryptsBackWithFreshRandomBytes(string message)
    {
        var first = _crypto.Encrypt(message);
        var second = _crypto.Encrypt(message);

        Assert.That(first, Is.Not.EqualTo(second), "fresh random bytes each time");
        Assert.That(_crypto.TryDecrypt(first, out var decrypted), Is.EqualTo(PushDecryptFailure.None));
        Assert.That(decrypted, Is.EqualTo(message));
        Assert.That(Convert.FromBase64String(first).Length % 32, Is.Zero, "padded to 32-byte blocks");
    }

    [Test]
    public void APushForAnotherMiniProgramIsRefused()
    {
        var theirs = new PushCrypto(Token, Key, "wx0000000000000000").Encrypt(Message);

        Assert.That(_crypto.TryDecrypt(theirs, out _), Is.EqualTo(PushDecryptFailure.WrongAppId));
        Assert.That(new PushCrypto(Token, Key, AppId + "x").TryDecrypt(_crypto.Encrypt(Message), out _), Is.EqualTo(PushDecryptFailure.WrongAppId));
    }

    [TestCase("not base64 at all!")]
    [TestCase("")]
    [TestCase("AAAA")] // 3 bytes: not whole AES blocks
    public void SomethingThatIsNotCiphertextIsMalformed(string encrypted) =>
        Assert.That(_crypto.TryDecrypt(encrypted, out _), Is.EqualTo(PushDecryptFailure.Malformed));

    [Test]
    public void ACiphertextTamperedInItsLastBlockOrCutShortIsMalformed()
    {
        var bytes = Convert.FromBase64String(OpensslVector);
        var flipped = bytes.ToArray();
        flipped[^1] ^= 0x01;
        var cut = bytes[..^16];

        Assert.That(_crypto.TryDecrypt(Convert.ToBase64String(flipped), out _), Is.EqualTo(PushDecryptFailure.Malformed));
        Assert.That(_crypto.TryDecrypt(Convert.ToBase64String(cut), out _), Is.EqualTo(PushDecryptFailure.Malformed));
    }

    [Test]
    public void AnotherKeyCannotReadThePush() =>
        Assert.That(new PushCrypto(Token, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg", AppId).TryDecrypt(OpensslVector, out _), Is.Not.EqualTo(PushDecryptFailure.None));

    [TestCase("abc", true)]
    [TestCase("abcdefghijklmnopqrstuvwxyz012345", true)]
    [TestCase("ab", false)]
    [TestCase("abcdefghijklmnopqrstuvwxyz0123456", false)]
    [TestCase("abc-def", false)]
    public void ATokenIs3To32LettersOrDigits(string token, bool wellFormed) =>
        Assert.That(PushCrypto.IsWellFormedToken(token), Is.EqualTo(wellFormed));

    [TestCase(Key, true)]
    [TestCase(Key + "H", false)]
    [TestCase("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", false)]
    [TestCase("abcdefghijklmnopqrstuvwxyz0123456789ABCDE!", false)]
    public void AnEncodingAesKeyIs43Base64Characters(string key, bool wellFormed) =>
        Assert.That(PushCrypto.IsWellFormedKey(key), Is.EqualTo(wellFormed));
}
