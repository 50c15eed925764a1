using MaShangYi.Api.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace MaShangYi.Tests.Storage;

/// <summary>The stores built the way the app builds them: AddPhotoStore over configuration.</summary>
internal static class PhotoStores
{
    public static ServiceProvider Build(string contentRoot, IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = contentRoot, ContentRootFileProvider = new NullFileProvider() });
        services.AddPhotoStore(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Runs the start-up validation (ValidateOnStart); the exception it throws, or null.</summary>
    public static Exception? Validate(ServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex;
        }
    }
}

public sealed class LocalPhotoStoreTests : PhotoStoreContract
{
    // The local store's own promise (a temporary file, then a rename). An object store's PUT is whole by the service's
    // guarantee (S3, COS, OSS); s3rver, the fake the tests run, does not keep it under concurrent writes to one key.
    [Test]
    public async Task ConcurrentWritesToOneKeyLeaveOneWholeFileNeverAMix()
    {
        var versions = Enumerable.Range(0, 8).Select(i => Bytes(150_000 + (i * 1000), (byte)(i * 31))).ToArray();

        await Task.WhenAll(versions.Select(v => Task.Run(() => PutAsync(Key("original.jpg"), v))));

        var stored = await ReadAsync(Key("original.jpg"));
        Assert.That(versions.Any(v => v.AsSpan().SequenceEqual(stored)), Is.True, "the stored file is exactly one of the versions written");
    }

    private string _root = "";
    private ServiceProvider _services = null!;

    [OneTimeSetUp]
    public void CreateStore()
    {
        _root = Directory.CreateTempSubdirectory("mashangyi-photos-").FullName;
        _services = PhotoStores.Build(_root, new Dictionary<string, string?>());
        Store = _services.GetRequiredService<IPhotoStore>();
    }

    [OneTimeTearDown]
    public async Task RemoveStoreAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task ByDefaultPhotosLiveUnderTheContentRootInLocalDataPhotos()
    {
        Assert.That(Store, Is.InstanceOf<LocalPhotoStore>());

        await Store.PutAsync("AbC/thumb.jpg", new MemoryStream([1, 2, 3]), "image/jpeg", CancellationToken.None);

        Assert.That(File.ReadAllBytes(Path.Combine(_root, ".local", "data", "photos", "AbC", "thumb.jpg")), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public async Task StorageLocalFolderMovesThem()
    {
        await using var services = PhotoStores.Build(_root, new Dictionary<string, string?> { ["Storage:LocalFolder"] = "elsewhere" });

        await services.GetRequiredService<IPhotoStore>().PutAsync("k/thumb.jpg", new MemoryStream([9]), "image/jpeg", CancellationToken.None);

        Assert.That(File.Exists(Path.Combine(_root, "elsewhere", "k", "thumb.jpg")), Is.True);
    }
}

public sealed class S3PhotoStoreTests : PhotoStoreContract
{
    private const string Bucket = "mashangyi-photos";

    private S3TestServer _server = null!;
    private ServiceProvider _services = null!;

    private Dictionary<string, string?> Settings(string? serviceUrl = null) => new()
    {
        ["Storage:Kind"] = "S3",
        ["Storage:S3:ServiceUrl"] = serviceUrl ?? _server.ServiceUrl,
        ["Storage:S3:Bucket"] = Bucket,
        ["Storage:S3:AccessKey"] = S3TestServer.AccessKey,
        ["Storage:S3:SecretKey"] = S3TestServer.SecretKey,
        ["Storage:S3:Region"] = "us-east-1",
    };

    [OneTimeSetUp]
    public async Task StartS3Async()
    {
        _server = await S3TestServer.StartAsync(Bucket);
        _services = PhotoStores.Build(AppContext.BaseDirectory, Settings());
        Assert.That(PhotoStores.Validate(_services), Is.Null);
        Store = _services.GetRequiredService<IPhotoStore>();
    }

    [OneTimeTearDown]
    public async Task StopS3Async()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public void StorageKindS3GivesTheS3Store() => Assert.That(Store, Is.InstanceOf<S3PhotoStore>());

    [Test]
    public async Task AnUnreachableStoreThrowsRatherThanSayingThePhotoIsMissing()
    {
        await using var services = PhotoStores.Build(AppContext.BaseDirectory, Settings(WeChat.FakeWeChatTest.RefusingUrl()));

        Assert.That(async () => await services.GetRequiredService<IPhotoStore>().OpenAsync("k/thumb.jpg", CancellationToken.None), Throws.Exception);
    }

    [TestCase("Storage:S3:Bucket", "Storage:S3:Bucket is not set")]
    [TestCase("Storage:S3:SecretKey", "Storage:S3:SecretKey is not set")]
    public async Task S3WithoutItsSettingsRefusesToStartAndSaysWhichAreMissing(string key, string message)
    {
        var settings = Settings();
        settings[key] = "";
        await using var services = PhotoStores.Build(AppContext.BaseDirectory, settings);

        Assert.That(PhotoStores.Validate(services)?.Message, Does.Contain(message));
    }

    [Test]
    public async Task AServiceUrlThatIsNotAnHttpUrlRefusesToStart()
    {
        await using var services = PhotoStores.Build(AppContext.BaseDirectory, Settings("cos.ap-shanghai.myqcloud.com"));

        Assert.That(PhotoStores.Validate(services)?.Message, Does.Contain("Storage:S3:ServiceUrl must be an absolute http(s) URL"));
    }
}
