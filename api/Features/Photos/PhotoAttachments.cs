using System.Globalization;
using System.Text;
using Dapper;
using MaShangYi.Api.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Features.Topics;

namespace MaShangYi.Api.Features.Photos;

/// <summary>
/// Attaching uploaded photos to what they show (a topic, a comment, a progress update, a result), inside the action's own
/// transaction. A photo may be attached by its uploader only, when it is not removed, and when it is unattached or already
/// attached to this same target (so a retried request is harmless). The ids are checked with the action's reads and the
/// write rides with the action's writes; the write repeats the rule, so a photo removed in between is simply left out.
/// </summary>
public static class PhotoAttachments
{
    public const string Topic = "topic";
    public const string Comment = "comment";
    public const string Progress = "progress";
    public const string Result = "result";

    public sealed record Candidate(long Id, long OwnerUserId, string PublicKey, string Status, long? TopicId, string? AttachedKind, long? AttachedId);

    /// <summary>The asked photos (<c>@photoIds</c>: never empty, see <see cref="IdsArg"/>).</summary>
    public const string CandidatesSql =
        "SELECT id, owner_user_id AS OwnerUserId, public_key AS PublicKey, status, topic_id AS TopicId, attached_kind AS AttachedKind, attached_id AS AttachedId FROM photos WHERE id IN @photoIds";

    /// <summary>The ids for <see cref="CandidatesSql"/>: no photo has id 0, so an empty request reads nothing.</summary>
    public static long[] IdsArg(IReadOnlyList<long>? ids) => ids is { Count: > 0 } ? ids.Distinct().ToArray() : [0];

    /// <summary>The photos a topic, a progress update or a result may carry; a comment carries one.</summary>
    public const int MaxPerAction = 6;

    public static string TooMany(int max) => max == 1 ? "只能附 1 张照片。" : $"最多附 {max} 张照片。";

    /// <summary>Null when every asked photo may be attached; else the Chinese message for the photoIds field.</summary>
    public static string? Check(IReadOnlyList<long>? ids, IEnumerable<Candidate> found, long owner, string kind, long? target)
    {
        if (ids is not { Count: > 0 })
        {
            return null;
        }

        var byId = found.ToDictionary(c => c.Id);
        foreach (var id in ids.Distinct())
        {
            if (!byId.TryGetValue(id, out var photo) || photo.OwnerUserId != owner || photo.Status is "removed" or "risky")
            {
                return "有照片不存在、已被移除，或不是您上传的，请重新选择照片。";
            }

            if (photo.AttachedKind is not null && !(photo.AttachedKind == kind && target is not null && photo.AttachedId == target))
            {
                return "有照片已经用在别处了，请重新上传。";
            }
        }

        return null;
    }

    /// <summary>
    /// The statement attaching <paramref name="ids"/> in their order; <paramref name="attachedIdSql"/> is a parameter of
    /// the statement (<c>@…</c>) or <c>LAST_INSERT_ID()</c> right after the insert of the target.
    /// </summary>
    public static (string Sql, DynamicParameters Args) Statement(
        IReadOnlyList<long> ids, long owner, long roomId, long topicId, string kind, string attachedIdSql, string prefix, object? attachedId = null)
    {
        var args = new DynamicParameters();
        var order = new StringBuilder("CASE id");
        var distinct = ids.Distinct().ToList();
        for (var i = 0; i < distinct.Count; i++)
        {
            args.Add($"{prefix}p{i}", distinct[i]);
            order.Append(CultureInfo.InvariantCulture, $" WHEN @{prefix}p{i} THEN {i}");
        }

        order.Append(" END");
        args.Add(prefix + "ids", distinct);
        args.Add(prefix + "owner", owner);
        args.Add(prefix + "room", roomId);
        args.Add(prefix + "topic", topicId);
        args.Add(prefix + "kind", kind);
        if (attachedId is not null)
        {
            args.Add(prefix + "target", attachedId);
        }

        var sql = $"""
            UPDATE photos SET room_id = @{prefix}room, topic_id = @{prefix}topic, attached_kind = @{prefix}kind, attached_id = {attachedIdSql}, position = {order}
            WHERE id IN @{prefix}ids AND owner_user_id = @{prefix}owner AND status IN ('checking','review','pass')
              AND (attached_kind IS NULL OR (attached_kind = @{prefix}kind AND topic_id = @{prefix}topic))
            """;
        return (sql, args);
    }

    /// <summary>Queues the attaching on a change's script (no round trip of its own).</summary>
    public static void Queue(ChangeScript script, IReadOnlyList<long>? ids, long owner, long roomId, long topicId, string kind, long attachedId)
    {
        if (ids is not { Count: > 0 })
        {
            return;
        }

        var prefix = script.UniqueName("ph");
        var (sql, args) = Statement(ids, owner, roomId, topicId, kind, $"@{prefix}target", prefix, attachedId);
        script.Add(sql, args);
    }

    /// <summary>Just-attached photos as their uploader sees them in the action's answer.</summary>
    public static IReadOnlyList<PhotoRow> Rows(IReadOnlyList<long>? ids, IEnumerable<Candidate> found, string kind, long attachedId)
    {
        var order = (ids ?? []).Distinct().Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return found.Where(c => order.ContainsKey(c.Id))
            .Select(c => new PhotoRow
            {
                Id = c.Id, PublicKey = c.PublicKey, OwnerUserId = c.OwnerUserId, AttachedKind = kind, AttachedId = attachedId, Position = order[c.Id], Status = c.Status,
            })
            .OrderBy(r => r.Position).ToList();
    }

    /// <summary>
    /// Checks the photos an action attaches (a read inside its transaction, only when there are any): a 400 with the field
    /// message when one is not the caller's to attach.
    /// </summary>
    public static async Task<ProblemHttpResult?> ProblemAsync(ActionContext context, IReadOnlyList<long>? photoIds, string kind)
    {
        if (photoIds is not { Count: > 0 })
        {
            return null;
        }

        var found = await context.Connection.QueryAsync<Candidate>(new CommandDefinition(
            CandidatesSql + " FOR UPDATE", new { photoIds = IdsArg(photoIds) }, context.Transaction, cancellationToken: context.Ct));
        return Check(photoIds, found, context.Caller.UserId!.Value, kind, context.Topic.Id) is { } message
            ? ApiProblem.Create(400, "validation_failed", message, new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["photoIds"] = [message] } })
            : null;
    }
}
