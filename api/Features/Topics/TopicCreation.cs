using System.Globalization;
using Dapper;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Privacy;
using MaShangYi.Api.Infrastructure.WeChat;
using MySqlConnector;
using static MaShangYi.Api.Infrastructure.Validation.TextInput;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// A topic to create, from whichever intake: <paramref name="Source"/> is resident | volunteer | channel; the
/// <paramref name="ActorRole"/> and <paramref name="ActorUnit"/> are written on the 'submit' timeline event.
/// <paramref name="ContactName"/> and <paramref name="ContactPhone"/> are a resident's personal data (a volunteer's
/// or a 12345 caller's): encrypted at rest, shown masked to staff only. <paramref name="Chain"/> is the room's region
/// chain (<see cref="RoomQueries.ChainRow.ByLevel"/>) when the caller has read it with the room; without it the chain
/// is read in the same round trip as the receipt numbers.
/// </summary>
public sealed record NewTopic(
    RoomQueries.RoomWithPath Room, string Title, string Description, long CategoryId, string? LocationText,
    long? ProposerUserId, bool Anonymous, string? ProposerName, string Source, string ActorRole, string? ActorUnit,
    string? ContactName, string? ContactPhone, string? IdempotencyKey, ContentOutcome Content, long?[]? Chain = null);

/// <summary>
/// What <c>TopicCreation.CreateAsync</c> wrote, as stored (trimmed text, encrypted contact, whole-millisecond
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

    /// <summary>One topic to create: what it is, who creates it and when.</summary>
    public sealed record Creation(NewTopic Topic, Caller Caller, DateTime Now);

    /// <summary>Writes the topic and its first event in <paramref name="tx"/>; the caller commits. Never called with refused content.</summary>
    public async Task<CreatedTopic> CreateAsync(
        MySqlConnection connection, MySqlTransaction tx, NewTopic topic, Caller caller, DateTime now, CancellationToken ct) =>
        (await CreateAsync(connection, tx, [new Creation(topic, caller, now)], ct))[0];

    /// <summary>
    /// Writes the topics, in order, with their first events in <paramref name="tx"/> — a batch of submissions in a few
    /// statements whatever its size — and tells the observers; the caller commits. Never called with refused content;
    /// the callers keep one Idempotency-Key per proposer in a batch (a repeat fails the batch on the unique key).
    /// </summary>
    public async Task<IReadOnlyList<CreatedTopic>> CreateAsync(MySqlConnection connection, MySqlTransaction tx, IReadOnlyList<Creation> creations, CancellationToken ct)
    {
        if (creations.Any(c => c.Topic.Content == ContentOutcome.Refused))
        {
            throw new InvalidOperationException("Refused content is never stored.");
        }

        var items = creations.Select(Prepare).ToList();

        // The rooms' receipt sequences, each advanced by its number of new topics (rows in key order, so two batches lock
        // shared rooms in the same order), and the region chains the callers did not read with their rooms.
        var taken = new DynamicParameters();
        var counts = items.GroupBy(i => (i.RoomId, i.Now.Year)).OrderBy(g => g.Key.RoomId).ThenBy(g => g.Key.Year).ToList();
        var sequenceRows = SqlRows.Values(taken, "s", counts, g => [g.Key.RoomId, g.Key.Year, g.Count()]);
        taken.Add("rooms", counts.Select(g => g.Key.RoomId).Distinct().ToArray());
        taken.Add("years", counts.Select(g => g.Key.Year).Distinct().ToArray());
        var unread = items.Where(i => i.Creation.Topic.Chain is null).Select(i => i.RoomId).Distinct().ToArray();
        taken.Add("unread", unread);
        Dictionary<(long, int), long> lastSeq;
        var chains = items.Where(i => i.Creation.Topic.Chain is not null).GroupBy(i => i.RoomId).ToDictionary(g => g.Key, g => g.First().Creation.Topic.Chain!);
        // The text of these statements varies with the batch, so they are read by hand (Dapper would generate and compile
        // a reader for every new text) and kept out of Dapper's cache.
        await using (var read = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"""
            INSERT INTO room_topic_sequences (room_id, year, last_seq) VALUES {sequenceRows}
            ON DUPLICATE KEY UPDATE last_seq = last_seq + VALUES(last_seq);
            SELECT room_id, year, last_seq FROM room_topic_sequences WHERE room_id IN @rooms AND year IN @years;
            {(unread.Length > 0 ? $"SELECT m.id, {RoomQueries.ChainColumns} FROM rooms m {RoomQueries.ChainJoins} WHERE m.id IN @unread;" : "")}
            """, taken, tx, cancellationToken: ct, flags: SqlRows.Generated)))
        {
            lastSeq = [];
            while (await read.ReadAsync(ct))
            {
                lastSeq[(read.GetInt64(0), read.GetInt32(1))] = read.GetInt64(2);
            }

            if (unread.Length > 0 && await read.NextResultAsync(ct))
            {
                long? Id(int i) => read.IsDBNull(i) ? null : read.GetInt64(i);
                int? Level(int i) => read.IsDBNull(i) ? null : read.GetInt32(i);
                while (await read.ReadAsync(ct))
                {
                    chains[read.GetInt64(0)] = new RoomQueries.ChainRow(read.GetInt64(1), read.GetInt32(2), Id(3), Level(4), Id(5), Level(6), Id(7), Level(8)).ByLevel();
                }
            }
        }

        // Each room's new numbers follow its sequence's old value, in the order of the batch.
        foreach (var group in counts)
        {
            var next = lastSeq[group.Key] - group.Count();
            foreach (var item in group)
            {
                item.ReceiptNo = string.Create(CultureInfo.InvariantCulture, $"{item.Now.Year}-{item.Creation.Topic.Room.Room.Scene}-{++next:D4}");
            }
        }

        var topics = new DynamicParameters();
        var topicRows = SqlRows.Values(topics, "t", items, i =>
        {
            var t = i.Creation.Topic;
            var chain = chains[i.RoomId];
            return [i.ReceiptNo, i.RoomId, chain[0], chain[1], chain[2], chain[3], i.Title, i.Description, t.CategoryId, i.Location,
                    t.ProposerUserId, t.Anonymous, i.ProposerName, t.Source, i.ContactName, i.ContactPhone, t.IdempotencyKey,
                    TopicStatus.Submitted, i.Moderation, i.Now, i.Now];
        });
        // Each topic's cached sections (so its first reads hit the cache), its 'submit' event and the observers' rows for
        // new topics, joined to the topic by its receipt number in the same round trip; then the new ids.
        var sectionRows = SqlRows.Select(topics, "c", items, ["receipt", "body"], i => [i.ReceiptNo, TopicSections.Body(i.Sections)]);
        var eventRows = SqlRows.Select(topics, "e", items, ["receipt", "actor", "role", "unit", "note"], i =>
        {
            var t = i.Creation.Topic;
            return [i.ReceiptNo, t.ProposerUserId, t.ActorRole, t.ActorUnit, i.Note];
        });
        topics.Add("receipts", items.Select(i => i.ReceiptNo).ToArray());
        await using (var written = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"""
            INSERT INTO topics (receipt_no, room_id, region_l1, region_l2, region_l3, region_l4, title, description, category_id, location_text,
                                proposer_user_id, is_anonymous, proposer_name, source, proxy_name_enc, proxy_phone_enc, idempotency_key,
                                status, moderation, submitted_at, updated_at)
            VALUES {topicRows};
            INSERT INTO topic_sections (topic_id, rev, body, built_at)
            SELECT t.id, 0, v.body, t.submitted_at FROM ({sectionRows}) v JOIN topics t ON t.receipt_no = v.receipt;
            INSERT INTO topic_events (topic_id, round, action, from_status, to_status, actor_user_id, actor_role, actor_unit, note, created_at)
            SELECT t.id, 1, 'submit', NULL, 'submitted', v.actor, v.role, v.unit, v.note, t.submitted_at FROM ({eventRows}) v JOIN topics t ON t.receipt_no = v.receipt;
            {changes.CreatedSql}SELECT id, receipt_no FROM topics WHERE receipt_no IN @receipts;
            """, topics, tx, cancellationToken: ct, flags: SqlRows.Generated)))
        {
            var ids = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await written.ReadAsync(ct))
            {
                ids[written.GetString(1)] = written.GetInt64(0);
            }

            foreach (var item in items)
            {
                item.Id = ids[item.ReceiptNo];
            }
        }

        await changes.PublishAsync(items.Select(i => new TopicChange(connection, tx, i.Id, "submit", null, TopicStatus.Submitted, i.Creation.Caller, i.Now, ct,
            new SubmittedTopic(i.Title, i.ReceiptNo, i.Moderation, i.Creation.Topic.Room.Room.Name, chains[i.RoomId]))).ToList());
        return items.Select(i => new CreatedTopic(
            i.Id, i.ReceiptNo, i.Now, i.Title, i.Description, i.Location, i.ProposerName, i.ContactName, i.ContactPhone, i.Moderation, i.Sections)).ToList();
    }

    /// <summary>A topic's values as they are stored, worked out before anything is written.</summary>
    private sealed class Prepared(Creation creation)
    {
        public Creation Creation { get; } = creation;
        public long RoomId => Creation.Topic.Room.Room.Id;
        public required DateTime Now { get; init; }
        public required string Title { get; init; }
        public required string Description { get; init; }
        public required string? Location { get; init; }
        public required string? ProposerName { get; init; }
        public required byte[]? ContactName { get; init; }
        public required byte[]? ContactPhone { get; init; }
        public required string Moderation { get; init; }
        public required string? Note { get; init; }
        public required TopicSections.Rows Sections { get; init; }
        public string ReceiptNo { get; set; } = "";
        public long Id { get; set; }
    }

    private Prepared Prepare(Creation creation)
    {
        var topic = creation.Topic;
        var note = topic.Content == ContentOutcome.Held ? "内容待人工审核" : null;
        // Whole milliseconds, as DATETIME(3) keeps them (MariaDB would cut finer digits, MySQL round them): the cached
        // sections hold the same instant the table does.
        var now = creation.Now.AddTicks(-(creation.Now.Ticks % TimeSpan.TicksPerMillisecond));
        return new Prepared(creation)
        {
            Now = now, Title = topic.Title.Trim(), Description = topic.Description.Trim(), Location = Clean(topic.LocationText),
            ProposerName = topic.Anonymous ? null : Clean(topic.ProposerName),
            ContactName = personalData.Encrypt(topic.ContactName), ContactPhone = personalData.Encrypt(topic.ContactPhone),
            Moderation = ContentChecks.Moderation(topic.Content), Note = note,
            Sections = TopicSections.NewTopicRows(new TopicViews.EventRow(now, 1, "submit", null, TopicStatus.Submitted, topic.ActorRole, topic.ActorUnit, note)),
        };
    }
}
