using Dapper;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Storage;
using MaShangYi.Api.Infrastructure.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace MaShangYi.Api.Features.Photos;

/// <summary>A photo waiting for a room admin: in review, or still checking after the check's half hour.</summary>
public sealed record PhotoModerationItem(
    long PhotoId, long TopicId, string TopicTitle, string RoomName, string AttachedTo, string Status, string ThumbUrl, string Url, DateTime CreatedAt);

/// <summary>The room admin's side of photos: the queue and the approve / hide decisions.</summary>
public sealed class PhotoModeration(MySqlDataSource db, CallerAccessor callers, IPhotoStore store, PhotoUrls urls, IOptions<PhotoOptions> options, TimeProvider clock)
{
    public const int QueueSize = 100;

    /// <summary>The queue's photo query over <c>t</c> scoped by <paramref name="scope"/>: oldest first, at most <see cref="QueueSize"/>.</summary>
    public static string QueueSql(string scope) => $"""
        SELECT p.id AS PhotoId, p.public_key AS PublicKey, p.status, p.attached_kind AS AttachedKind, p.created_at AS CreatedAt,
               t.id AS TopicId, t.title AS TopicTitle, m.name AS RoomName
        FROM photos p JOIN topics t ON t.id = p.topic_id JOIN rooms m ON m.id = t.room_id
        WHERE (p.status = 'review' OR (p.status = 'checking' AND p.created_at < @photoStale)) AND {scope}
        ORDER BY p.id
        LIMIT {QueueSize}
        """;

    public DateTime StaleBefore => clock.StoredNow().AddMinutes(-options.Value.CheckingQueuedAfterMinutes);

    public sealed class QueueRow
    {
        public long PhotoId { get; init; }
        public string PublicKey { get; init; } = "";
        public string Status { get; init; } = "";
        public string AttachedKind { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public long TopicId { get; init; }
        public string TopicTitle { get; init; } = "";
        public string RoomName { get; init; } = "";
    }

    public PhotoModerationItem ToItem(QueueRow r) => new(
        r.PhotoId, r.TopicId, r.TopicTitle, r.RoomName, r.AttachedKind, r.Status, urls.SignedUrl(r.PublicKey, "thumb"), urls.SignedUrl(r.PublicKey, "display"), r.CreatedAt);

    private sealed record Target(string PublicKey, string Status, string? RoomPath);

    public async Task<Results<NoContent, ProblemHttpResult>> DecideAsync(long id, bool approve, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        var photo = await connection.QuerySingleOrDefaultAsync<Target>(new CommandDefinition(
            $"""
            SELECT p.public_key AS PublicKey, p.status, r.path AS RoomPath
            FROM photos p LEFT JOIN rooms m ON m.id = p.room_id LEFT JOIN regions r ON r.id = m.region_id
            WHERE p.id = @id AND p.status IN {PhotoViews.Shown}
            """,
            new { id }, cancellationToken: ct));
        if (photo is null)
        {
            return PhotoEndpoints.PhotoNotFound();
        }

        if (photo.RoomPath is null || !caller.HasRole(Roles.RoomAdmin, photo.RoomPath))
        {
            return ApiProblem.Forbidden("只有这张照片所在议事室的管理员可以审核照片。");
        }

        var sql = approve
            ? "UPDATE photos SET status = 'pass', checked_at = @now WHERE id = @id AND status IN ('checking','review')"
            : $"UPDATE photos SET status = 'removed', checked_at = @now WHERE id = @id AND status IN {PhotoViews.Shown}";
        var changed = await connection.ExecuteAsync(new CommandDefinition(sql, new { id, now = clock.StoredNow() }, cancellationToken: ct));
        if (approve && changed == 0 && photo.Status != "pass")
        {
            return ApiProblem.Conflict("photo_changed", "这张照片的状态刚刚变了，请刷新后再看。");
        }

        if (!approve)
        {
            await PhotoUploads.DeleteFilesAsync(store, photo.PublicKey, ct);
        }

        return TypedResults.NoContent();
    }
}
