using Dapper;
using MaShangYi.Api.Features.Notifications;
using MaShangYi.Api.Infrastructure.Storage;
using MaShangYi.Api.Infrastructure.Time;
using MaShangYi.Api.Infrastructure.WeChat;
using MySqlConnector;

namespace MaShangYi.Api.Features.Photos;

/// <summary>
/// Applies WeChat's image check verdicts, matched by trace id: pass shows the photo, review sends it to the moderation
/// queue, risky removes it (its files too) and tells the uploader why. Idempotent: a verdict pushed twice changes
/// nothing the second time and tells no one twice; a pass never undoes a room admin's decision, a risky always removes.
/// Unknown trace ids are ignored.
/// </summary>
public sealed class MediaCheckVerdicts(MySqlDataSource db, IPhotoStore store, Notifier notifier, TimeProvider clock, ILogger<MediaCheckVerdicts> logger)
    : IMediaCheckVerdicts
{
    public const string RemovedNote = "您上传的照片未通过内容安全审核，已被移除";

    private sealed record Flagged(long Id, string PublicKey, long OwnerUserId, long? TopicId, string? TopicTitle);

    public async Task ApplyAsync(string traceId, ContentVerdict verdict, int label, CancellationToken ct)
    {
        var now = clock.StoredNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        if (verdict != ContentVerdict.Risky)
        {
            var (status, from) = verdict == ContentVerdict.Pass ? ("pass", "('checking','review')") : ("review", "('checking')");
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE photos SET status = @status, checked_at = @now WHERE trace_id = @traceId AND status IN {from}",
                new { status, now, traceId }, cancellationToken: ct));
            logger.LogInformation("Image check {TraceId}: {Verdict} (label {Label}) applied to {Count} photo(s)", traceId, verdict, label, changed);
            return;
        }

        await using var tx = await connection.BeginTransactionAsync(ct);
        var flagged = (await connection.QueryAsync<Flagged>(new CommandDefinition(
            $"""
            SELECT p.id, p.public_key AS PublicKey, p.owner_user_id AS OwnerUserId, p.topic_id AS TopicId, t.title AS TopicTitle
            FROM photos p LEFT JOIN topics t ON t.id = p.topic_id
            WHERE p.trace_id = @traceId AND p.status IN {PhotoViews.Shown} FOR UPDATE
            """,
            new { traceId }, tx, cancellationToken: ct))).AsList();
        foreach (var photo in flagged)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE photos SET status = 'removed', checked_at = @now WHERE id = @id", new { now, id = photo.Id }, tx, cancellationToken: ct));
            await notifier.NotifyAsync(connection, tx, NotificationTemplates.TopicProgress, [photo.OwnerUserId],
                new Dictionary<string, object> { ["topic"] = photo.TopicTitle ?? "您上传的照片", ["status"] = "已移除", ["note"] = RemovedNote, ["time"] = now },
                photo.TopicId ?? 0, now, ct, userId => $"photo_risky:{photo.Id}:{userId}");
        }

        await tx.CommitAsync(ct);
        foreach (var photo in flagged)
        {
            await PhotoUploads.DeleteFilesAsync(store, photo.PublicKey, ct);
        }

        logger.LogInformation("Image check {TraceId}: risky (label {Label}), {Count} photo(s) removed", traceId, label, flagged.Count);
    }
}
