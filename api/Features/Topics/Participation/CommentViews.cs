using MaShangYi.Api.Infrastructure.Database;
using Dapper;
using MaShangYi.Api.Features.Photos;
using MaShangYi.Api.Infrastructure.Auth;
using MySqlConnector;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// A comment as the caller may see it. The author is "我" to themselves and "居民" to everyone else: no user id,
/// openid or name ever leaves the server. <see cref="Held"/> ones reach only their author and the staff over the room;
/// <see cref="Hidden"/> ones stay in the list with the reason but without their text (and without their answer).
/// </summary>
public sealed record CommentView(
    long Id, string Author, bool IsMine, string Stance, string StanceName, string Body, bool Held, bool Hidden, string? HiddenReason,
    DateTime CreatedAt, bool ReportedByMe, int? ReportCount, IReadOnlyList<PhotoView> Photos, AnswerView? Answer = null);

/// <summary>
/// The official answer (官方答复) under a comment: its current text, the unit that answered (or the room), when, and whether it
/// corrects an earlier answer (kept on record, not shown). Never a person's name or WeChat identity.
/// </summary>
public sealed record AnswerView(string Text, string Unit, DateTime At, bool Corrected);

/// <summary>Published comments per stance.</summary>
public sealed record StanceCounts(int Support, int Doubt, int Suggestion, int Total);

public sealed record CommentPage(IReadOnlyList<CommentView> Items, long? NextAfter, StanceCounts Counts);

public static class CommentViews
{
    public const string HiddenBody = "这条意见已被屏蔽";

    public static readonly IReadOnlyDictionary<string, string> StanceNames = new Dictionary<string, string>
    {
        ["support"] = "支持",
        ["doubt"] = "有疑问",
        ["suggestion"] = "建议",
    };

    public sealed record CommentRow(
        long Id, long UserId, string Stance, string? Body, string Moderation, string? HiddenReason, int ReportCount, DateTime CreatedAt, int ReportedByMe,
        string? AnswerText = null, string? AnswerUnit = null, DateTime? AnswerAt = null, DateTime? AnsweredAt = null);

    /// <summary>The staff who see held comments and report counts: those who moderate or oversee the room.</summary>
    public static bool IsStaff(Caller caller, string roomPath) => caller.HasAnyRole(roomPath, Roles.Reviewer, Roles.RoomAdmin, Roles.RegionAdmin);

    public static CommentView ToView(CommentRow row, long? me, bool isStaff, IReadOnlyList<PhotoView>? photos = null)
    {
        var isMine = me is { } id && id == row.UserId;
        var hidden = row.Moderation == "hidden";
        return new CommentView(
            row.Id, isMine ? "我" : "居民", isMine, row.Stance, StanceNames.GetValueOrDefault(row.Stance, row.Stance),
            hidden ? HiddenBody : row.Body!, row.Moderation == "held", hidden, row.HiddenReason, row.CreatedAt, row.ReportedByMe != 0,
            isStaff ? row.ReportCount : null, hidden ? [] : photos ?? [],
            hidden || row.AnswerText is null ? null : new AnswerView(row.AnswerText, row.AnswerUnit!, row.AnswerAt!.Value, row.AnswerAt > row.AnsweredAt));
    }

    // Newest first: a resident opening a topic sees the current opinion; keyset on id (index (topic_id, id)).
    // The text of a hidden comment is not even read: it stays in the table for the audit trail only. The current answer
    // (not superseded) comes by the answers' (comment_id, superseded_at) index; a later one than the first is a correction.
    private static string PageSql(string afterCondition, string heldCondition) => $"""
        SELECT c.id, c.user_id AS UserId, c.stance, CASE WHEN c.moderation = 'hidden' THEN NULL ELSE c.body END AS Body, c.moderation,
               c.hidden_reason AS HiddenReason, c.report_count AS ReportCount, c.created_at AS CreatedAt,
               EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id AND r.user_id = @me) AS ReportedByMe,
               a.body AS AnswerText, a.unit AS AnswerUnit, a.created_at AS AnswerAt, c.answered_at AS AnsweredAt
        FROM topic_comments c
        LEFT JOIN comment_answers a ON a.comment_id = c.id AND a.superseded_at IS NULL
        WHERE c.topic_id = @id {afterCondition} {heldCondition}
        ORDER BY c.id DESC
        LIMIT @fetch
        """;

    private const string CountsSql = "SELECT stance, COUNT(*) FROM topic_comments WHERE topic_id = @id AND moderation = 'visible' GROUP BY stance";

    // The page's comments' photos, by the page's ids (index (topic_id, attached_kind, attached_id)): read in the page's round trip.
    private static string PhotosSql(string afterCondition, string heldCondition) => $"""
        SELECT {PhotoViews.Columns} FROM photos
        WHERE topic_id = @id AND attached_kind = 'comment' AND status IN {PhotoViews.Shown}
          AND attached_id IN (SELECT id FROM (SELECT c.id FROM topic_comments c WHERE c.topic_id = @id {afterCondition} {heldCondition} ORDER BY c.id DESC LIMIT @take) page)
        """;

    /// <summary>A page of a topic's comments with the counts per stance and the page's photos: one round trip.</summary>
    public static async Task<CommentPage> PageAsync(
        MySqlConnection connection, PhotoViews photoViews, bool topicIsPublic, long id, long? me, bool isStaff, long? after, int take, CancellationToken ct)
    {
        var afterCondition = after is null ? "" : "AND c.id < @after";
        var heldCondition = isStaff ? "" : "AND (c.moderation <> 'held' OR c.user_id = @me)";
        List<CommentRow> rows;
        Dictionary<string, int> counts;
        List<PhotoRow> photos;
        await using (var read = await connection.QueryResultsAsync(new CommandDefinition(
            $"{PageSql(afterCondition, heldCondition)};\n{CountsSql};\n{PhotosSql(afterCondition, heldCondition)}",
            new { id, me = me ?? 0, after, take, fetch = take + 1 }, cancellationToken: ct)))
        {
            rows = (await read.ReadAsync<CommentRow>()).AsList();
            counts = (await read.ReadAsync<(string Stance, long Count)>()).ToDictionary(c => c.Stance, c => (int)c.Count);
            photos = (await read.ReadAsync<PhotoRow>()).AsList();
        }

        var shown = rows.Take(take).ToList();
        var items = shown.Select(r => ToView(r, me, isStaff, photoViews.For(photos, PhotoAttachments.Comment, r.Id, me, isStaff, topicIsPublic))).ToList();
        return new CommentPage(
            items,
            rows.Count > take ? items[^1].Id : null,
            new StanceCounts(counts.GetValueOrDefault("support"), counts.GetValueOrDefault("doubt"), counts.GetValueOrDefault("suggestion"), counts.Values.Sum()));
    }
}
