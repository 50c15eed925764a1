using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Infrastructure.Storage;

public static class PhotoStoreSetup
{
    private const string S3ClientKey = "photos";

    /// <summary>The photo store <c>Storage:Kind</c> names: a local folder (default) or an S3-compatible bucket.</summary>
    public static IServiceCollection AddPhotoStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageRules>();
        var kind = configuration.GetValue($"{StorageOptions.Section}:{nameof(StorageOptions.Kind)}", StorageKind.Local);
        if (kind == StorageKind.S3)
        {
            services.AddKeyedSingleton<IAmazonS3>(S3ClientKey, (sp, _) => CreateS3Client(sp.GetRequiredService<IOptions<StorageOptions>>().Value.S3));
            services.AddSingleton<IPhotoStore>(sp => new S3PhotoStore(
                sp.GetRequiredKeyedService<IAmazonS3>(S3ClientKey), sp.GetRequiredService<IOptions<StorageOptions>>().Value.S3.Bucket));
        }
        else
        {
            services.AddSingleton<IPhotoStore>(sp => new LocalPhotoStore(
                sp.GetRequiredService<IOptions<StorageOptions>>().Value.LocalFolderPath(sp.GetRequiredService<IHostEnvironment>().ContentRootPath)));
        }

        return services;
    }

    /// <summary>A client for S3-compatible servers: path-style, and checksums only where the API requires them (COS, OSS and older MinIO refuse the newer ones).</summary>
    public static AmazonS3Client CreateS3Client(S3StorageOptions s3) => new(
        new BasicAWSCredentials(s3.AccessKey, s3.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = s3.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = s3.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromSeconds(30),
            MaxErrorRetry = 2,
        });

    private sealed class StorageRules : IValidateOptions<StorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, StorageOptions options)
        {
            if (options.Kind != StorageKind.S3)
            {
                return ValidateOptionsResult.Success;
            }

            var s3 = options.S3;
            var missing = new[]
            {
                (nameof(s3.ServiceUrl), s3.ServiceUrl), (nameof(s3.Bucket), s3.Bucket), (nameof(s3.AccessKey), s3.AccessKey),
                (nameof(s3.SecretKey), s3.SecretKey), (nameof(s3.Region), s3.Region),
            }.Where(p => string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"Storage:S3:{p.Item1}").ToList();
            if (missing.Count > 0)
            {
                return ValidateOptionsResult.Fail($"Storage:Kind is S3 but {string.Join(", ", missing)} is not set. Set them (the keys from the environment: Storage__S3__AccessKey, Storage__S3__SecretKey).");
            }

            return Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Storage:S3:ServiceUrl must be an absolute http(s) URL such as https://cos.ap-shanghai.myqcloud.com.");
        }
    }
}
