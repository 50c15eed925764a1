namespace MaShangYi.Api.Infrastructure.Storage;

public enum StorageKind
{
    /// <summary>A folder on this machine: one instance, development, tests.</summary>
    Local,
    /// <summary>An S3-compatible bucket shared by every instance.</summary>
    S3,
}

/// <summary>Where photo files live (section <c>Storage</c>); validated at start by <see cref="PhotoStoreSetup"/>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The folder a relative or empty <see cref="LocalFolder"/> means, under the content root.</summary>
    public const string DefaultLocalFolder = ".local/data/photos";

    public StorageKind Kind { get; set; } = StorageKind.Local;

    /// <summary>Local: the folder, absolute or relative to the content root (default <c>.local/data/photos</c>).</summary>
    public string LocalFolder { get; set; } = "";

    public S3StorageOptions S3 { get; set; } = new();

    public string LocalFolderPath(string contentRoot) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(LocalFolder) ? DefaultLocalFolder : LocalFolder, contentRoot);
}

/// <summary>An S3-compatible store: Tencent COS, Aliyun OSS, MinIO or AWS. The keys are secrets: set them from the environment.</summary>
public sealed class S3StorageOptions
{
    /// <summary>The endpoint, e.g. https://cos.ap-shanghai.myqcloud.com; buckets are addressed path-style under it.</summary>
    public string ServiceUrl { get; set; } = "";

    public string Bucket { get; set; } = "";

    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>The region requests are signed for (COS: ap-shanghai …; MinIO: us-east-1).</summary>
    public string Region { get; set; } = "us-east-1";
}
