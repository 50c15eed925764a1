using MaShangYi.Api.Infrastructure.Database;
using System.Security.Cryptography;
using Dapper;
using MaShangYi.Api.Infrastructure.Storage;
using MaShangYi.Api.Infrastructure.Time;
using MaShangYi.Api.Infrastructure.WeChat;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace MaShangYi.Api.Features.Photos;

/// <summary>The answer to an upload.</summary>
public sealed record UploadedPhoto(long Id, string Status, string ThumbUrl, string Url, int Width, int Height);

/// <summary>
/// Takes an upload: the same bytes again from the same user, while the first copy is unattached, give that photo back
/// (a retried upload never duplicates); otherwise the image is re-encoded, its three sizes stored, its row written, and
/// WeChat's image check started. A check that cannot start leaves the photo checking: the moderation queue takes it.
/// </summary>
public sealed class PhotoUploads(
    MySqlDataSource db, IPhotoStore store, IWeChatClient wechat, PhotoUrls urls, IOptions<PhotoOptions> options, TimeProvider clock, ILogger<PhotoUploads> logger)
{
    private sealed record Earlier(long Id, string PublicKey, string Status, int Width, int Height);

    private const string LookupSql = $"""
        SELECT openid FROM users WHERE id = @userId;
        SELECT id, public_key AS PublicKey, status, width, height FROM photos
        WHERE owner_user_id = @userId AND sha256 = @sha AND attached_kind IS NULL AND status IN {PhotoViews.Shown} ORDER BY id LIMIT 1;
        """;

    public async Task<UploadedPhoto> UploadAsync(long userId, byte[] bytes, string? fileName, CancellationToken ct)
    {
        var sha = SHA256.HashData(bytes);
        string? openId;
        Earlier? earlier;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await using var read = await connection.QueryResultsAsync(new CommandDefinition(LookupSql, new { userId, sha }, cancellationToken: ct));
            openId = await read.ReadSingleOrDefaultAsync<string>();
            earlier = await read.ReadSingleOrDefaultAsync<Earlier>();
        }

        if (earlier is not null)
        {
            return Answer(earlier.Id, earlier.PublicKey, earlier.Status, earlier.Width, earlier.Height);
        }

        var photo = await PhotoImages.EncodeAsync(bytes, ct);
        var key = PhotoUrls.NewKey();
        await PutAsync(key, "original", photo.Original, ct);
        await PutAsync(key, "display", photo.Display, ct);
        await PutAsync(key, "thumb", photo.Thumb, ct);
        long id;
        try
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO photos (public_key, owner_user_id, status, width, height, bytes, sha256, created_at)
                VALUES (@key, @userId, 'checking', @Width, @Height, @size, @sha, @now);
                SELECT LAST_INSERT_ID();
                """,
                new { key, userId, photo.Width, photo.Height, size = photo.Original.Length, sha, now = clock.StoredNow() }, cancellationToken: ct));
        }
        catch
        {
            await DeleteFilesAsync(store, key, CancellationToken.None);
            throw;
        }

        await StartCheckAsync(id, key, openId, fileName, ct);
        return Answer(id, key, "checking", photo.Width, photo.Height);
    }

    private async Task StartCheckAsync(long id, string key, string? openId, string? fileName, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(openId))
        {
            logger.LogWarning("Photo {PhotoId}: the uploader has no openid, so no image check was started; it waits for a room admin", id);
            return;
        }

        try
        {
            var mediaUrl = urls.SignedUrl(key, "original", TimeSpan.FromMinutes(options.Value.CheckUrlMinutes));
            var ticket = await wechat.StartMediaCheckAsync(new MediaCheckRequest(openId, mediaUrl, TextCheckScene.Forum, SimulationHint: fileName), ct);
            await using var connection = await db.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE photos SET trace_id = @traceId WHERE id = @id", new { traceId = ticket.TraceId, id }, cancellationToken: ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The upload stands: the photo stays checking and reaches the moderation queue after the check's half hour.
            logger.LogWarning(ex, "Photo {PhotoId}: the image check could not be started; it waits for a room admin", id);
        }
    }

    private UploadedPhoto Answer(long id, string key, string status, int width, int height) =>
        new(id, status, urls.SignedUrl(key, "thumb"), urls.SignedUrl(key, "display"), width, height);

    private Task PutAsync(string key, string size, byte[] bytes, CancellationToken ct) =>
        store.PutAsync(PhotoUrls.StoreKey(key, size), new MemoryStream(bytes, writable: false), "image/jpeg", ct);

    /// <summary>Removes a photo's three files; a missing file is not an error.</summary>
    public static async Task DeleteFilesAsync(IPhotoStore store, string key, CancellationToken ct)
    {
        foreach (var size in PhotoImages.Sizes)
        {
            await store.DeleteAsync(PhotoUrls.StoreKey(key, size), ct);
        }
    }
}
