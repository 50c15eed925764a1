using System.Globalization;
using Dapper;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Privacy;
using MaShangYi.Api.Infrastructure.WeChat;
using MySqlConnector;
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
/// What <see cref="TopicCreation.CreateAsync"/> wrote, as stored (trimmed text, encrypted contact, whole-millisecond
/// time, the cached section rows): enough to answer with the topic without reading it back.
/// </summary>
public sealed record CreatedTopic(
    long Id, string ReceiptNo, DateTime Now, string Title, string Description, string? LocationText, string? ProposerName,
    byte[]? ContactNameEnc, byte[]? ContactPhoneEnc, string Moderation, TopicSections.Rows Sections);

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

    /// <summary>Writes the topic and its first event in <paramref name="tx"/>; the caller commits. Never called with refused content.</summary>
    public async Task<CreatedTopic> CreateAsync(
        MySqlConnection connection, MySqlTransaction tx, NewTopic topic, Caller caller, DateTime now, CancellationToken ct)
    {
        if (topic.Content == ContentOutcome.Refused)
        {
            throw new InvalidOperationException("Refused content is never stored.");
        }

        var roomId = topic.Room.Room.Id;
        // Whole milliseconds, as DATETIME(3) keeps them (MariaDB would cut finer digits, MySQL round them): the cached
        // sections below hold the same instant the table does.
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var note = topic.Content == ContentOutcome.Held ? "内容待人工审核" : null;
        var (title, description, location) = (topic.Title.Trim(), topic.Description.Trim(), Clean(topic.LocationText));
        var proposerName = topic.Anonymous ? null : Clean(topic.ProposerName);
        var (contactName, contactPhone) = (personalData.Encrypt(topic.ContactName), personalData.Encrypt(topic.ContactPhone));
        var moderation = ContentChecks.Moderation(topic.Content);
        var sections = TopicSections.NewTopicRows(new TopicViews.EventRow(now, 1, "submit", null, TopicStatus.Submitted, topic.ActorRole, topic.ActorUnit, note));
        // One round trip: the room's next receipt number, the topic (its region chain looked up by the codes of the room's
        // path, its receipt number built from the sequence just taken), its cached sections and its 'submit' event.
        // LAST_INSERT_ID() is the sequence until the topic is inserted (the executing statement does not change it), then
        // the topic's id (topic_sections has no AUTO_INCREMENT; the event's id comes last and is not used).
        long sequence, topicId;
        using (var written = await connection.QueryMultipleAsync(new CommandDefinition(
            """
            INSERT INTO room_topic_sequences (room_id, year, last_seq) VALUES (@roomId, @year, LAST_INSERT_ID(1))
            ON DUPLICATE KEY UPDATE last_seq = LAST_INSERT_ID(last_seq + 1);
            SELECT LAST_INSERT_ID();
            INSERT INTO topics (receipt_no, room_id, region_l1, region_l2, region_l3, region_l4, title, description, category_id, location_text,
                                proposer_user_id, is_anonymous, proposer_name, source, proxy_name_enc, proxy_phone_enc, idempotency_key,
                                status, moderation, submitted_at, updated_at)
            VALUES (CONCAT(@receiptPrefix, LPAD(LAST_INSERT_ID(), GREATEST(4, CHAR_LENGTH(LAST_INSERT_ID())), '0')), @roomId,
                    (SELECT id FROM regions WHERE code IN @codes AND level = 1), (SELECT id FROM regions WHERE code IN @codes AND level = 2),
                    (SELECT id FROM regions WHERE code IN @codes AND level = 3), (SELECT id FROM regions WHERE code IN @codes AND level = 4),
                    @Title, @Description, @CategoryId, @LocationText,
                    @ProposerUserId, @anonymous, @proposerName, @Source, @contactName, @contactPhone, @IdempotencyKey,
                    'submitted', @moderation, @now, @now);
            SELECT LAST_INSERT_ID();
            INSERT INTO topic_sections (topic_id, rev, body, built_at) VALUES (LAST_INSERT_ID(), 0, @sections, @now);
            INSERT INTO topic_events (topic_id, round, action, from_status, to_status, actor_user_id, actor_role, actor_unit, note, created_at)
            VALUES (LAST_INSERT_ID(), 1, 'submit', NULL, 'submitted', @ProposerUserId, @ActorRole, @ActorUnit, @note, @now);
            """,
            new
            {
                roomId, year = now.Year, receiptPrefix = string.Create(CultureInfo.InvariantCulture, $"{now.Year}-{topic.Room.Room.Scene}-"),
                codes = RegionLevels.CodesOf(topic.Room.RegionPath),
                Title = title, Description = description, topic.CategoryId, LocationText = location,
                topic.ProposerUserId, anonymous = topic.Anonymous, proposerName, topic.Source,
                contactName, contactPhone, topic.IdempotencyKey, moderation, now, topic.ActorRole, topic.ActorUnit, note,
                sections = TopicSections.Body(sections),
            },
            tx, cancellationToken: ct)))
        {
            sequence = await written.ReadSingleAsync<long>();
            topicId = await written.ReadSingleAsync<long>();
        }

        var receiptNo = string.Create(CultureInfo.InvariantCulture, $"{now.Year}-{topic.Room.Room.Scene}-{sequence:D4}");
        await changes.PublishAsync(new TopicChange(connection, tx, topicId, "submit", null, TopicStatus.Submitted, caller, now, ct));
        return new CreatedTopic(topicId, receiptNo, now, title, description, location, proposerName, contactName, contactPhone, moderation, sections);
    }
}
