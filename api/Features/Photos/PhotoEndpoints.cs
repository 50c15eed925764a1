using System.Security.Claims;
using System.Text.RegularExpressions;
using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Limits;
using MaShangYi.Api.Infrastructure.Storage;
using MaShangYi.Api.Infrastructure.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;

namespace MaShangYi.Api.Features.Photos;

/// <summary>Photos: upload, fetch, remove before use; and the room admin's approve and hide.</summary>
public static partial class PhotoEndpoints
{
    public static IEndpointRouteBuilder MapPhotoEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/photos").WithTags("Photos");
        group.MapPost("", Upload)
            .RequireAuthorization()
            .RequireRateLimiting(PhotoSetup.UploadPolicy)
            .DisableAntiforgery()
            .WithBodyLimit(PhotoImages.MaxBytes + 2 * 1024 * 1024)
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Upload a photo (multipart, field file): JPEG, PNG, WebP or HEIC up to 10 MB, re-encoded without EXIF")
            .WithDescription("The kind is recognised by the file's bytes. The photo is stored as JPEG in three sizes (original ≤ 2560 px, display ≤ 1280, thumb ≤ 320), rotated as its EXIF said and stripped of all metadata, and starts as checking while WeChat's image check runs. The same bytes uploaded again by the same user while the first copy is unattached give the same photo. Attach it with photoIds on a submission, comment, progress report or result.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(413).ProducesProblem(415).ProducesProblem(429);
        group.MapGet("/{key}/{size}.jpg", Serve)
            .AllowAnonymous()
            .WithSummary("A photo file (size: thumb, display or original)")
            .WithDescription("Anyone may fetch a checked photo of a public topic (cacheable for a day); any other photo only with the signed exp and sig the API put into an answer for someone who may see it. Removed photos are 404.")
            .ProducesProblem(404);
        group.MapDelete("/{id:long}", Delete)
            .RequireAuthorization()
            .WithSummary("Remove one of the caller's photos that is not attached to anything yet")
            .ProducesProblem(401).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/{id:long}/approve", Approve)
            .RequireAuthorization()
            .WithSummary("Show a photo that waits in the moderation queue (room admin of the photo's room)")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/{id:long}/hide", Hide)
            .RequireAuthorization()
            .WithSummary("Remove a photo from every answer and page (room admin of the photo's room)")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<Results<Created<UploadedPhoto>, ProblemHttpResult>> Upload(
        HttpRequest request, ClaimsPrincipal user, PhotoUploads uploads, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return ApiProblem.Create(415, "photo_not_multipart", "请以表单（multipart/form-data）上传照片，字段名为 file。");
        }

        var form = await request.ReadFormAsync(ct);
        if (form.Files.GetFile("file") is not { } file || file.Length == 0)
        {
            return ApiProblem.BadRequest("photo_missing", "没有收到照片，请重新选择后上传。");
        }

        if (file.Length > PhotoImages.MaxBytes)
        {
            return ApiProblem.Create(413, "photo_too_large", "照片不能超过 10 MB，请压缩后再上传。");
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }

        try
        {
            var photo = await uploads.UploadAsync(user.UserId(), bytes, file.FileName, ct);
            return TypedResults.Created($"/api/photos/{photo.Id}", photo);
        }
        catch (PhotoRefusedException refused)
        {
            return ApiProblem.Create(refused.Status, refused.Code, refused.Message);
        }
    }

    private sealed record ServedRow(string Status, string? TopicStatus, string? TopicModeration);

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Serve(
        string key, string size, long? exp, string? sig, HttpResponse response, Reads reads, IPhotoStore store, PhotoUrls urls, CancellationToken ct)
    {
        if (!KeyPattern().IsMatch(key) || !PhotoImages.Sizes.Contains(size))
        {
            return PhotoNotFound();
        }

        // Every photo a page shows is a request of its own: one read, on a read's connection (no reset).
        var row = await reads.RunAsync(connection => connection.QuerySingleOrDefaultAsync<ServedRow>(new CommandDefinition(
            """
            SELECT p.status, t.status AS TopicStatus, t.moderation AS TopicModeration
            FROM photos p LEFT JOIN topics t ON t.id = p.topic_id WHERE p.public_key = @key
            """,
            new { key }, cancellationToken: ct)), ct);

        if (row is null || row.Status is "removed" or "risky")
        {
            return PhotoNotFound();
        }

        var open = row.Status == "pass" && row.TopicStatus is { } status && TopicStatus.Public.Contains(status) && row.TopicModeration == "visible";
        if (urls.IsValid(key, size, exp, sig))
        {
            response.Headers.CacheControl = "private, no-store";
        }
        else if (open && exp is null && sig is null)
        {
            response.Headers.CacheControl = "public, max-age=86400";
        }
        else
        {
            return PhotoNotFound();
        }

        var file = await store.OpenAsync(PhotoUrls.StoreKey(key, size), ct);
        return file is null ? PhotoNotFound() : TypedResults.Stream(file, "image/jpeg");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, ClaimsPrincipal user, MySqlDataSource db, IPhotoStore store, CancellationToken ct)
    {
        var userId = user.UserId();
        await using var connection = await db.OpenConnectionAsync(ct);
        var photo = await connection.QuerySingleOrDefaultAsync<(string PublicKey, string? AttachedKind)?>(new CommandDefinition(
            $"SELECT public_key, attached_kind FROM photos WHERE id = @id AND owner_user_id = @userId AND status IN {PhotoViews.Shown}",
            new { id, userId }, cancellationToken: ct));
        if (photo is not { } found)
        {
            return PhotoNotFound();
        }

        var removed = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE photos SET status = 'removed' WHERE id = @id AND owner_user_id = @userId AND attached_kind IS NULL AND status IN {PhotoViews.Shown}",
            new { id, userId }, cancellationToken: ct));
        if (removed == 0)
        {
            return ApiProblem.Conflict("photo_attached", "这张照片已经随内容提交，不能再单独删除。");
        }

        await PhotoUploads.DeleteFilesAsync(store, found.PublicKey, ct);
        return TypedResults.NoContent();
    }

    private static Task<Results<NoContent, ProblemHttpResult>> Approve(long id, PhotoModeration moderation, CancellationToken ct) =>
        moderation.DecideAsync(id, approve: true, ct);

    private static Task<Results<NoContent, ProblemHttpResult>> Hide(long id, PhotoModeration moderation, CancellationToken ct) =>
        moderation.DecideAsync(id, approve: false, ct);

    public static ProblemHttpResult PhotoNotFound() => ApiProblem.NotFound("photo_not_found", "照片不存在或已被移除。");

    [GeneratedRegex("^[A-Za-z0-9_-]{22}$")]
    private static partial Regex KeyPattern();
}
