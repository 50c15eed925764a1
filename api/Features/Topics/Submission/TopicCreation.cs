using Dapper;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Privacy;
using MaShangYi.Api.Infrastructure.WeChat;
using static MaShangYi.Api.Infrastructure.Validation.TextInput;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// A topic to create, from whichever intake: <paramref name="Source"/> is resident | volunteer | channel; the
/// <paramref name="ActorRole"/> and <paramref name="ActorUnit"/> are written on the 'submit' timeline event.
/// <paramref name="ContactName"/> and <paramref name="ContactPhone"/> are a resident's personal data (a volunteer's
/// or a 12345 caller's): encrypted at rest, shown masked to staff only.
/// </summary>
public sealed record NewTopic(
    RoomQueries.RoomWithPath Room, string Title, string Description, long CategoryId, string? LocationText,
    long? ProposerUserId, bool Anonymous, string? ProposerName, string Source, string ActorRole, string? ActorUnit,
    string? ContactName, string? ContactPhone, string? IdempotencyKey, ContentOutcome Content);

/// <summary>
/// What <c>TopicCreation.CreateAsync</c> wrote, as stored (trimmed text, encrypted contact, whole-millisecond
/// time, its 'submit' event): enough to answer with the topic without reading it back.
/// </summary>
public sealed record CreatedTopic(
    long Id, string ReceiptNo, DateTime Now, string Title, string Description, string? LocationText, string? ProposerName,
    byte[]? ContactNameEnc, byte[]? ContactPhoneEnc, string Moderation, TopicViews.EventRow Submitted);

/// <summary>
/// The one path by which a topic comes into being — the resident's and volunteer's submission and every intake
/// channel: the content rule, the receipt number, the region chain, the topic row, the 'submit' timeline event
/// and the change published to observers, all inside the caller's transaction.
/// </summary>
public sealed class TopicCreation(ContentChecks checks, PersonalData personalData, TopicChanges changes)
{
    /// <summary>
    /// The content rule for new topics. Text from a person in the mini program goes through WeChat's check as that
    /// person. Text without one (an intake channel: WeChat checks only for a user who opened the mini program
    /// recently) cannot be checked, so it is held: a reviewer reads it before anything is published.
    /// </summary>
    public Task<ContentOutcome> CheckAsync(string? openId, string title, string text, CancellationToken ct) =>
        openId is null ? Task.FromResult(ContentOutcome.Held) : checks.CheckAsync(openId, title, text, TextCheckScene.Forum, ct);

    /// <summary>
    /// The room's receipt sequence for the year moves on (its row lock orders the room's submissions; LAST_INSERT_ID holds
    /// the new number), the receipt number is year-scene-sequence (at least four digits), and the topic (with its room's
    /// region chain, read with the room before the transaction: a room never moves to another region, nor a region to
    /// another parent) and its 'submit' event are written: one round trip.
    /// </summary>
    private const string WriteSql = """
        INSERT INTO room_topic_sequences (room_id, year, last_seq) VALUES (@roomId, @year, LAST_INSERT_ID(1))
        ON DUPLICATE KEY UPDATE last_seq = LAST_INSERT_ID(last_seq + 1);
        INSERT INTO topics (receipt_no, room_id, region_l1, region_l2, region_l3, region_l4, title, description, category_id, location_text,
                            proposer_user_id, is_anonymous, proposer_name, source, proxy_name_enc, proxy_phone_enc, idempotency_key,
                            status, moderation, submitted_at, updated_at)
        VALUES (CONCAT(@prefix, LPAD(LAST_INSERT_ID(), GREATEST(4, CHAR_LENGTH(LAST_INSERT_ID())), '0')), @roomId, @l1, @l2, @l3, @l4,
                @title, @description, @categoryId, @location, @proposer, @anonymous, @proposerName, @source, @contactName, @contactPhone,
                @idempotencyKey, 'submitted', @moderation, @now, @now);
        INSERT INTO topic_events (topic_id, round, action, from_status, to_status, actor_user_id, actor_role, actor_unit, note, created_at)
        VALUES (LAST_INSERT_ID(), 1, 'submit', NULL, 'submitted', @proposer, @role, @unit, @note, @now);
        SELECT t.id, t.receipt_no AS ReceiptNo FROM topic_events e JOIN topics t ON t.id = e.topic_id WHERE e.id = LAST_INSERT_ID();
        """;

    private sealed record WrittenRow(long Id, string ReceiptNo);

    /// <summary>
    /// Writes the topic and its first event (in one round trip with whatever <paramref name="script"/> holds already) and
    /// tells the observers, whose writes wait in <paramref name="script"/>: the caller sends them and commits. Never called
    /// with refused content. <paramref name="reviewers"/>: the reviewers and room admins to tell, when the caller read them.
    /// </summary>
    public async Task<CreatedTopic> CreateAsync(ChangeScript script, NewTopic topic, Caller caller, DateTime now, IReadOnlyList<long>? reviewers = null)
    {
        if (topic.Content == ContentOutcome.Refused)
        {
            throw new InvalidOperationException("Refused content is never stored.");
        }

        // Whole milliseconds, as DATETIME(3) keeps them (MariaDB would cut finer digits, MySQL round them): the answer
        // holds the same instant the table does.
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var note = topic.Content == ContentOutcome.Held ? "内容待人工审核" : null;
        var title = topic.Title.Trim();
        var description = topic.Description.Trim();
        var location = Clean(topic.LocationText);
        var proposerName = topic.Anonymous ? null : Clean(topic.ProposerName);
        var contactName = personalData.Encrypt(topic.ContactName);
        var contactPhone = personalData.Encrypt(topic.ContactPhone);
        var moderation = ContentChecks.Moderation(topic.Content);
        var written = await script.QueryAsync(WriteSql, new
        {
            roomId = topic.Room.Room.Id, year = now.Year, prefix = $"{now.Year}-{topic.Room.Room.Scene}-",
            l1 = topic.Room.Chain[0], l2 = topic.Room.Chain[1], l3 = topic.Room.Chain[2], l4 = topic.Room.Chain[3],
            title, description, topic.CategoryId, location, proposer = topic.ProposerUserId, anonymous = topic.Anonymous, proposerName,
            topic.Source, contactName, contactPhone, topic.IdempotencyKey, moderation, now, role = topic.ActorRole, unit = topic.ActorUnit, note,
        }, read => read.ReadSingleAsync<WrittenRow>());

        await changes.PublishAsync(new TopicChange(script, written.Id, ActionName.Submit, null, TopicStatus.Submitted, caller, now,
            new CountedChange(null, new CountedFacts(TopicStatus.Submitted, null, null, topic.CategoryId), now, topic.Room.Chain),
            new SubmittedTopic(title, written.ReceiptNo, moderation, topic.Room.Room.Name, reviewers)));
        return new CreatedTopic(written.Id, written.ReceiptNo, now, title, description, location, proposerName, contactName, contactPhone, moderation,
            new TopicViews.EventRow(now, 1, ActionName.Submit, null, TopicStatus.Submitted, topic.ActorRole, topic.ActorUnit, note));
    }
}
