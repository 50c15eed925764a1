using System.Security.Cryptography;
using MaShangYi.Api.Infrastructure.Storage;

namespace MaShangYi.Tests.Storage;

/// <summary>
/// What every photo store must do, run against each one (<see cref="LocalPhotoStoreTests"/>, <see cref="S3PhotoStoreTests"/>).
/// Each test works under its own key prefix, so the store is shared by the fixture.
/// </summary>
public abstract class PhotoStoreContract
{
    private string _prefix = "";

    protected IPhotoStore Store { get; set; } = null!;

    [SetUp]
    public void NewPrefix() => _prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    protected string Key(string name) => $"{_prefix}/{name}";

    protected static byte[] Bytes(int length, byte seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(seed + (i * 7)))];

    protected async Task<byte[]?> ReadAsync(string key)
    {
        await using var stream = await Store.OpenAsync(key, CancellationToken.None);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    protected Task PutAsync(string key, byte[] bytes) => Store.PutAsync(key, new MemoryStream(bytes), "image/jpeg", CancellationToken.None);

    [Test]
    public async Task WhatIsPutIsOpenedByteForByte()
    {
        var photo = Bytes(300_000, 1);

        await PutAsync(Key("display.jpg"), photo);

        Assert.That(await ReadAsync(Key("display.jpg")), Is.EqualTo(photo));
    }

    [Test]
    public async Task AnEmptyFileIsStoredAsEmpty()
    {
        await PutAsync(Key("thumb.jpg"), []);

        Assert.That(await ReadAsync(Key("thumb.jpg")), Is.Empty);
    }

    [Test]
    public async Task PuttingAgainReplacesTheFileWhole()
    {
        await PutAsync(Key("original.jpg"), Bytes(200_000, 1));
        var shorter = Bytes(1_000, 2);

        await PutAsync(Key("original.jpg"), shorter);

        Assert.That(await ReadAsync(Key("original.jpg")), Is.EqualTo(shorter));
    }

    [Test]
    public async Task AStreamThatCannotSeekIsStoredToo()
    {
        var photo = Bytes(70_000, 3);

        await Store.PutAsync(Key("thumb.jpg"), new ForwardOnlyStream(photo), "image/jpeg", CancellationToken.None);

        Assert.That(await ReadAsync(Key("thumb.jpg")), Is.EqualTo(photo));
    }

    [Test]
    public async Task OpeningAKeyNeverPutGivesNull() =>
        Assert.That(await Store.OpenAsync(Key("missing.jpg"), CancellationToken.None), Is.Null);

    [Test]
    public async Task DeletedFilesAreGoneAndDeletingAgainIsNoError()
    {
        await PutAsync(Key("thumb.jpg"), Bytes(10, 4));
        await PutAsync(Key("display.jpg"), Bytes(10, 5));

        await Store.DeleteAsync(Key("thumb.jpg"), CancellationToken.None);
        await Store.DeleteAsync(Key("thumb.jpg"), CancellationToken.None);
        await Store.DeleteAsync(Key("never-there.jpg"), CancellationToken.None);

        Assert.That(await ReadAsync(Key("thumb.jpg")), Is.Null);
        Assert.That(await ReadAsync(Key("display.jpg")), Is.EqualTo(Bytes(10, 5)), "only that key");
    }

    [Test]
    public async Task ConcurrentWritesToManyKeysAllLand()
    {
        var keys = Enumerable.Range(0, 24).Select(i => Key($"p{i}/thumb.jpg")).ToArray();

        await Task.WhenAll(keys.Select((k, i) => Task.Run(() => PutAsync(k, Bytes(5_000, (byte)i)))));

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.That(await ReadAsync(keys[i]), Is.EqualTo(Bytes(5_000, (byte)i)), keys[i]);
        }
    }

    [TestCase("")]
    [TestCase("../outside.jpg")]
    [TestCase("a/../../outside.jpg")]
    [TestCase("/etc/passwd")]
    [TestCase(".hidden/thumb.jpg")]
    [TestCase("a b/thumb.jpg")]
    [TestCase("a\\b.jpg")]
    [TestCase("%2e%2e/thumb.jpg")]
    [TestCase("a?b=c")]
    public void ABadKeyIsRefusedByEveryOperation(string key)
    {
        Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new MemoryStream([1]), "image/jpeg", CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => Store.OpenAsync(key, CancellationToken.None));
        Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key, CancellationToken.None));
    }

    /// <summary>A body as it arrives from the network: read once, front to back.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
