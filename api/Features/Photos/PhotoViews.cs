namespace MaShangYi.Api.Features.Photos;

/// <summary>A photo as an answer shows it. <see cref="Status"/>: checking | review (both shown as 审核中) | pass.</summary>
public sealed record PhotoView(long Id, string ThumbUrl, string Url, string Status, bool Mine);

/// <summary>A photo row as the views read it (properties, not a constructor: Dapper then converts TINYINT position).</summary>
public sealed record PhotoRow
{
    public long Id { get; init; }
    public string PublicKey { get; init; } = "";
    public long OwnerUserId { get; init; }
    public string? AttachedKind { get; init; }
    public long? AttachedId { get; init; }
    public int Position { get; init; }
    public string Status { get; init; } = "";
}

/// <summary>
/// Who sees which photo: everyone a passed one; its uploader their own while it is checked or reviewed; the staff over
/// the room (reviewers, room and region admins) those still checking or in review too. Removed photos reach no one.
/// </summary>
public sealed class PhotoViews(PhotoUrls urls)
{
    public const string Columns = "id, public_key AS PublicKey, owner_user_id AS OwnerUserId, attached_kind AS AttachedKind, attached_id AS AttachedId, position, status";

    /// <summary>The statuses any answer may carry; the rest (risky, removed) are never read for one.</summary>
    public const string Shown = "('checking','review','pass')";

    public static bool MaySee(PhotoRow row, long? me, bool isStaff) => row.Status switch
    {
        "pass" => true,
        "checking" or "review" => isStaff || (me is { } id && id == row.OwnerUserId),
        _ => false,
    };

    /// <summary>The photos of <paramref name="rows"/> attached as <paramref name="kind"/> to <paramref name="attachedId"/> that the caller may see, in order.</summary>
    public IReadOnlyList<PhotoView> For(IEnumerable<PhotoRow> rows, string kind, long attachedId, long? me, bool isStaff, bool topicIsPublic) =>
        rows.Where(r => r.AttachedKind == kind && r.AttachedId == attachedId && MaySee(r, me, isStaff))
            .OrderBy(r => r.Position).ThenBy(r => r.Id)
            .Select(r => View(r, me, topicIsPublic))
            .ToList();

    /// <summary>A plain URL for a passed photo of a public topic (anyone may fetch it, caches may keep it); else a signed one.</summary>
    public PhotoView View(PhotoRow row, long? me, bool topicIsPublic)
    {
        var open = topicIsPublic && row.Status == "pass";
        return new PhotoView(
            row.Id,
            open ? urls.PublicUrl(row.PublicKey, "thumb") : urls.SignedUrl(row.PublicKey, "thumb"),
            open ? urls.PublicUrl(row.PublicKey, "display") : urls.SignedUrl(row.PublicKey, "display"),
            row.Status,
            me is { } id && id == row.OwnerUserId);
    }
}
