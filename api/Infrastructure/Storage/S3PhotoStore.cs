using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace MaShangYi.Api.Infrastructure.Storage;

/// <summary>
/// Photo files in an S3-compatible bucket (Tencent COS, Aliyun OSS, MinIO, AWS), shared by every API instance. Path-style
/// addressing at <c>Storage:S3:ServiceUrl</c>; the bucket must exist. A PUT replaces an object whole, so a reader never
/// sees half a photo. An outage throws (a missing photo and an unreachable store are different answers).
/// </summary>
public sealed class S3PhotoStore(IAmazonS3 s3, string bucket) : IPhotoStore
{
    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken ct)
    {
        PhotoKeys.Check(key);
        // A signed PUT needs the length and the payload's hash up front: buffer bodies that cannot seek (photos are small).
        await using var buffered = content.CanSeek ? null : new MemoryStream();
        if (buffered is not null)
        {
            await content.CopyToAsync(buffered, ct);
            buffered.Position = 0;
        }

        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = buffered ?? content,
            ContentType = contentType,
            AutoCloseStream = false,
            // Plain signed PUTs: older S3-compatible servers do not speak aws-chunked uploads.
            UseChunkEncoding = false,
        }, ct);
    }

    public async Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        PhotoKeys.Check(key);
        try
        {
            var response = await s3.GetObjectAsync(bucket, key, ct);
            return response.ResponseStream; // disposing it releases the connection
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        PhotoKeys.Check(key);
        // S3 answers a delete of a missing object with 204 as well.
        await s3.DeleteObjectAsync(bucket, key, ct);
    }
}
