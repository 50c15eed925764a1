using System.Text.Json.Serialization;
using Dapper;
using MaShangYi.Api.Features.Photos;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Infrastructure.Time;
using MySqlConnector;

namespace MaShangYi.Api.Features.Channels;

/// <summary>A service request as Open311 GeoReport v2 shows it, plus two extensions: the channel's own id and our status.</summary>
public sealed record Open311ServiceRequest(
    [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
    [property: JsonPropertyName("channel_request_id")] string ChannelRequestId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("topic_status")] string TopicStatus,
    [property: JsonPropertyName("status_notes")] string StatusNotes,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("agency_responsible")] string AgencyResponsible,
    [property: JsonPropertyName("service_notice")] string? ServiceNotice,
    [property: JsonPropertyName("requested_datetime")] DateTimeOffset RequestedDatetime,
    [property: JsonPropertyName("updated_datetime")] DateTimeOffset UpdatedDatetime,
    [property: JsonPropertyName("expected_datetime")] DateTimeOffset? ExpectedDatetime,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("media_url")] string? MediaUrl);

/// <summary>
/// How our process reads in Open311's two statuses. "closed" means the room no longer acts on the item: done
/// (closed), not taken up (rejected), handed to a department (referred), a duplicate (merged) or turned into a
/// proposal elsewhere (escalated) — the channel's own follow-up then lies with that target. Everything else,
/// including completed (residents still evaluate and may reopen it), is "open".
/// </summary>
public static class Open311Status
{
    public static readonly IReadOnlySet<string> Closed = new HashSet<string>
    {
        TopicStatus.Closed, TopicStatus.Rejected, TopicStatus.Referred, TopicStatus.Merged, TopicStatus.Escalated,
    };

    private sealed record Row(
        long Id, string ReceiptNo, string ExternalId, string Status, string Description, long CategoryId, string CategoryName, string? LocationText,
        string RoomName, string? CriterionTitle, string? RejectionReason, string? ReferralTarget, string? ReferralRef, string? EscalationKind,
        string? EscalationTarget, string? EscalationRef, string? MergedReceiptNo, string? ResolutionText, DateTime? ResolutionDeadline, string? ResultText,
        string? TaskUnits, DateTime SubmittedAt, DateTime UpdatedAt, string? MediaKey);

    private const string Sql = """
        SELECT t.id, t.receipt_no AS ReceiptNo, i.external_id AS ExternalId, t.status, t.description, t.category_id AS CategoryId, c.name AS CategoryName,
               t.location_text AS LocationText, m.name AS RoomName, rc.title AS CriterionTitle, t.rejection_reason AS RejectionReason,
               t.referral_target AS ReferralTarget, t.referral_ref AS ReferralRef, t.escalation_kind AS EscalationKind, t.escalation_target AS EscalationTarget,
               t.escalation_ref AS EscalationRef, mt.receipt_no AS MergedReceiptNo, t.resolution_text AS ResolutionText,
               t.resolution_deadline AS ResolutionDeadline, t.result_text AS ResultText,
               (SELECT GROUP_CONCAT(DISTINCT k.unit ORDER BY k.unit SEPARATOR '、') FROM tasks k WHERE k.topic_id = t.id AND k.round = t.round) AS TaskUnits,
               t.submitted_at AS SubmittedAt, t.updated_at AS UpdatedAt,
               (SELECT p.public_key FROM photos p WHERE p.topic_id = t.id AND p.status = 'pass' AND t.moderation = 'visible' AND t.status IN @publicStatuses
                ORDER BY p.attached_kind = 'topic' DESC, p.attached_id, p.position, p.id LIMIT 1) AS MediaKey
        FROM channel_items i
        JOIN topics t ON t.id = i.topic_id
        JOIN rooms m ON m.id = t.room_id
        JOIN topic_categories c ON c.id = t.category_id
        LEFT JOIN topics mt ON mt.id = t.merged_into_id
        LEFT JOIN review_criteria rc ON rc.id = t.rejection_criterion_id
        WHERE i.channel_id = @channelId
        """;

    /// <summary>The channel's own items among <paramref name="receiptNos"/>; another channel's items are simply not there.</summary>
    public static async Task<List<Open311ServiceRequest>> ByReceiptAsync(MySqlConnection connection, long channelId, IReadOnlyCollection<string> receiptNos, CancellationToken ct, PhotoUrls? urls = null) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(Sql + " AND t.receipt_no IN @receiptNos ORDER BY t.id", new { channelId, receiptNos, publicStatuses = PublicStatuses }, cancellationToken: ct)))
            .Select(r => ToOpen311(r, urls)).ToList();

    public static async Task<Open311ServiceRequest?> ByTopicAsync(MySqlConnection connection, long channelId, long topicId, CancellationToken ct, PhotoUrls? urls = null) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(Sql + " AND t.id = @topicId", new { channelId, topicId, publicStatuses = PublicStatuses }, cancellationToken: ct)))
            .Select(r => ToOpen311(r, urls)).FirstOrDefault();

    public static async Task<Open311ServiceRequest?> ByExternalIdAsync(MySqlConnection connection, long channelId, string externalId, CancellationToken ct, PhotoUrls? urls = null) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(Sql + " AND i.external_id = @externalId", new { channelId, externalId, publicStatuses = PublicStatuses }, cancellationToken: ct)))
            .Select(r => ToOpen311(r, urls)).FirstOrDefault();

    public static async Task<List<Open311ServiceRequest>> LatestAsync(MySqlConnection connection, long channelId, int limit, CancellationToken ct, PhotoUrls? urls = null) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(Sql + " ORDER BY t.id DESC LIMIT @limit", new { channelId, limit, publicStatuses = PublicStatuses }, cancellationToken: ct)))
            .Select(r => ToOpen311(r, urls)).ToList();

    private static readonly string[] PublicStatuses = [.. TopicStatus.Public];

    /// <summary><paramref name="urls"/>: give media_url (the first passed photo of a public topic); without, it is null.</summary>
    private static Open311ServiceRequest ToOpen311(Row r, PhotoUrls? urls) => new(
        r.ReceiptNo, r.ExternalId, Closed.Contains(r.Status) ? "closed" : "open", r.Status, Notes(r), r.CategoryName,
        r.CategoryId.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Description,
        r.Status switch
        {
            TopicStatus.Referred => r.ReferralTarget!,
            TopicStatus.Escalated => r.EscalationTarget!,
            _ => r.TaskUnits ?? r.RoomName,
        },
        null, Utc(r.SubmittedAt), Utc(r.UpdatedAt),
        r.ResolutionDeadline is { } deadline ? new DateTimeOffset(deadline.Date.AddDays(1).AddSeconds(-1), LocalDate.Offset) : null,
        r.LocationText ?? r.RoomName,
        urls is not null && r.MediaKey is { } key ? urls.PublicUrl(key, "display") : null);

    /// <summary>The status in words, with what the proposer would read about it: the reason, the target, the resolution, the result.</summary>
    private static string Notes(Row r)
    {
        var name = TopicStatus.Name(r.Status);
        var detail = r.Status switch
        {
            TopicStatus.Rejected => $"{r.CriterionTitle}。{r.RejectionReason}",
            TopicStatus.Referred => r.ReferralRef is null ? r.ReferralTarget : $"{r.ReferralTarget}（{r.ReferralRef}）",
            TopicStatus.Merged => $"与议题 {r.MergedReceiptNo} 合并办理",
            TopicStatus.Escalated => $"{EscalationKinds.Names.GetValueOrDefault(r.EscalationKind!, r.EscalationKind!)}，{r.EscalationTarget}"
                + (r.EscalationRef is null ? "" : $"（{r.EscalationRef}）"),
            TopicStatus.ResolutionPublished or TopicStatus.Implementing => r.ResolutionText,
            TopicStatus.Completed or TopicStatus.Closed => r.ResultText,
            _ => null,
        };
        return string.IsNullOrWhiteSpace(detail) ? name : $"{name}：{detail}";
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
