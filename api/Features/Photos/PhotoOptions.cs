namespace MaShangYi.Api.Features.Photos;

public sealed class PhotoOptions
{
    public const string Section = "Photos";

    /// <summary>
    /// The key of the signed photo URLs (HMAC-SHA256). Absent: one is made per process, so URLs handed out by one
    /// instance fail on another and after a restart — several instances must share one (docs/photos.md).
    /// </summary>
    public string? UrlSecret { get; set; }

    /// <summary>How long a signed URL in an answer stays valid.</summary>
    public int SignedUrlMinutes { get; set; } = 60;

    /// <summary>How long the URL WeChat's image check fetches stays valid (it answers within 30 minutes).</summary>
    public int CheckUrlMinutes { get; set; } = 120;

    /// <summary>Uploads per user per hour (0: no limit beyond the general write limit).</summary>
    public int UploadsPerUserPerHour { get; set; } = 60;

    /// <summary>A photo still checking after this long goes to the moderation queue.</summary>
    public int CheckingQueuedAfterMinutes { get; set; } = 30;
}
