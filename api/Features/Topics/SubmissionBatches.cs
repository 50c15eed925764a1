using System.Data;
using System.Numerics;
using Dapper;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Batching;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// 码上征题 under load: submissions that arrive together share their database work. Each submission still reads what it
/// depends on, passes its own checks and is answered only once its topic is committed, with its event and outbox rows;
/// but the reads of a batch are one round trip, and the writes of a batch are one transaction of a few multi-row
/// statements, however many submissions it holds. A batch that fails before its commit (a retry racing the first
/// attempt of its Idempotency-Key in another batch, a deadlock) is rolled back and its submissions are written one by
/// one, so no submission fails for another's sake. The writer is a thread of its own whose database I/O is synchronous
/// (<see cref="_writerDb"/>).
/// </summary>
public sealed class SubmissionBatches : IAsyncDisposable
{
    /// <summary>
    /// What a submission needs to know before it is checked: its key, its room and category (0: the room's default, see
    /// <see cref="Facts"/>), its proposer.
    /// </summary>
    public sealed record Question(long UserId, string? IdempotencyKey, long RoomId, long CategoryId);

    /// <summary>
    /// The answers: the topic this user already submitted under the key, the room (null: none), the category and its name
    /// (null: none or inactive) — for a question without one, the room's default: the active category its reviewed topics
    /// use most, else 其他 (else the last active one) — the room's region chain (the region id at each level 1–4), the
    /// proposer's openid (for WeChat's content check) and grants.
    /// </summary>
    public sealed record Facts(
        long? Earlier, RoomQueries.RoomWithPath? Room, long?[]? Chain, long CategoryId, string? CategoryName, string? OpenId, IReadOnlyList<CallerGrant> Grants);

    /// <summary>The new topic as written, or (when a retry of the same Idempotency-Key got there first) the earlier topic's id.</summary>
    public sealed record Written(CreatedTopic? Created, long? Earlier);

    private readonly IServiceScopeFactory _scopes;
    private readonly MySqlDataSource _db;
    /// <summary>
    /// The writer's connections, which do their I/O synchronously: the writer is a thread of its own, and each of a
    /// batch's round trips resumes it directly, where an asynchronous one would queue behind the requests' work in the
    /// thread pool. Every submission waits on the writer, so those waits were everyone's latency (measured: a batch
    /// took 12 ms instead of 8, with a fifth of the CPU idle). The pool is the writer's alone and a batch always leaves
    /// its connection committed or rolled back, so connections are not reset between batches (a round trip each). A
    /// connection the server dropped meanwhile fails its next batch, whose clients retry with their Idempotency-Key.
    /// </summary>
    private readonly MySqlDataSource _writerDb;
    private readonly ILogger<SubmissionBatches> _logger;
    private readonly MicroBatcher<Question, Facts> _reads;
    private readonly MicroBatcher<TopicCreation.Creation, Written> _writes;

    public SubmissionBatches(IServiceScopeFactory scopes, MySqlDataSource db, IOptions<TopicsOptions> options, ILogger<SubmissionBatches> logger)
    {
        (_scopes, _db, _logger) = (scopes, db, logger);
        _writerDb = new MySqlDataSourceBuilder(new MySqlConnectionStringBuilder(db.ConnectionString) { ForceSynchronous = true, ConnectionReset = false }.ConnectionString).Build();
        var size = options.Value.SubmissionBatchSize;
        _reads = new MicroBatcher<Question, Facts>(ReadAsync, size, options.Value.SubmissionReadWorkers);
        _writes = new MicroBatcher<TopicCreation.Creation, Written>(WriteAsync, size, options.Value.SubmissionWriteWorkers, dedicatedThreads: true);
    }

    public Task<Facts> AskAsync(Question question) => _reads.SendAsync(question);

    /// <summary>Writes the topic (never refused content); completes once it is committed.</summary>
    public Task<Written> WriteAsync(TopicCreation.Creation creation) => _writes.SendAsync(creation);

    private sealed record EarlierRow(long UserId, string IdempotencyKey, long Id);

    private sealed record CategoryRow(long Id, string Name);

    private sealed record CategoryUseRow(long RoomId, long CategoryId, string Name, long Uses);

    private sealed record OpenIdRow(long Id, string OpenId);

    private sealed record GrantRow(long UserId, string Role, string Path, string RegionName, string? Unit, long RegionId, int Level);

    /// <summary>
    /// The facts of a batch, in one round trip, after the earlier answers (<see cref="EarlierSql"/>). Lists are expanded
    /// by Dapper, so the text is one of a handful and its readers are generated once.
    /// </summary>
    private static readonly string FactsSql = $"""
        SELECT {RoomQueries.Columns}, r.path, {RoomQueries.ChainColumns} FROM rooms m {RoomQueries.ChainJoins} WHERE m.id IN @rooms;
        SELECT id, name FROM topic_categories WHERE id IN @categories AND is_active = 1;
        SELECT id, openid AS OpenId FROM users WHERE id IN @users;
        SELECT g.user_id AS UserId, {CallerAccessor.GrantColumns} FROM role_grants g JOIN regions r ON r.id = g.region_id WHERE g.user_id IN @users;
        SELECT t.room_id AS RoomId, t.category_id AS CategoryId, c.name, COUNT(*) AS Uses
        FROM topics t JOIN topic_categories c ON c.id = t.category_id AND c.is_active = 1
        WHERE t.room_id IN @defaultRooms AND t.status <> 'submitted' GROUP BY t.room_id, t.category_id, c.name;
        SELECT id, name FROM topic_categories WHERE is_active = 1 ORDER BY name = '其他' DESC, sort_order DESC, id DESC LIMIT 1;
        """;

    /// <summary>
    /// The topics already submitted under the batch's (user, Idempotency-Key) pairs: one index lookup per pair. (Users and
    /// keys as two lists would look up every user with every key.) The pairs are padded to a power of two by repeating
    /// the last, so there are only a handful of texts; an empty key, never stored, stands in when no one sent a key.
    /// </summary>
    private static string EarlierSql(DynamicParameters args, List<Question> questions)
    {
        var pairs = questions.Where(q => q.IdempotencyKey is not null).Select(q => (q.UserId, Key: q.IdempotencyKey!)).Distinct().DefaultIfEmpty((0, "")).ToList();
        var slots = (int)BitOperations.RoundUpToPowerOf2((uint)pairs.Count);
        pairs.AddRange(Enumerable.Repeat(pairs[^1], slots - pairs.Count));
        return $"""
            SELECT proposer_user_id AS UserId, idempotency_key AS IdempotencyKey, id FROM topics
            WHERE (proposer_user_id, idempotency_key) IN ({SqlRows.Values(args, "e", pairs, p => [p.UserId, p.Key])});

            """;
    }

    private async Task ReadAsync(IReadOnlyList<Pending<Question, Facts>> batch)
    {
        var questions = batch.Select(p => p.Item).ToList();
        var args = new DynamicParameters(new
        {
            users = questions.Select(q => q.UserId).Distinct().ToArray(),
            rooms = questions.Select(q => q.RoomId).Distinct().ToArray(),
            categories = questions.Select(q => q.CategoryId).Distinct().ToArray(),
            defaultRooms = questions.Where(q => q.CategoryId == 0).Select(q => q.RoomId).Distinct().ToArray(),
        });
        var earlierSql = EarlierSql(args, questions);
        await using var connection = await _db.OpenConnectionAsync();
        using var read = await connection.QueryMultipleAsync(new CommandDefinition(earlierSql + FactsSql, args));
        // Keys are matched exactly here; one the database's collation holds equal to another (case, trailing spaces) is
        // caught by the unique key when written, and answered with the earlier topic then.
        var earlier = (await read.ReadAsync<EarlierRow>()).ToDictionary(e => (e.UserId, e.IdempotencyKey), e => e.Id);
        var rooms = read.Read<RoomView, string, RoomQueries.ChainRow, (RoomQueries.RoomWithPath Room, long?[] Chain)>(
            (r, path, chain) => (new RoomQueries.RoomWithPath(r, path), chain.ByLevel()), splitOn: "path,Id0").ToDictionary(r => r.Room.Room.Id);
        var categories = (await read.ReadAsync<CategoryRow>()).ToDictionary(c => c.Id, c => c.Name);
        var openIds = (await read.ReadAsync<OpenIdRow>()).ToDictionary(u => u.Id, u => u.OpenId);
        var grants = (await read.ReadAsync<GrantRow>())
            .ToLookup(g => g.UserId, g => new CallerGrant(g.Role, g.Path, g.RegionName, g.Unit, g.RegionId, g.Level));
        // Most used first; of equally used ones the lower id, so the default does not flip between submissions.
        var mostUsed = (await read.ReadAsync<CategoryUseRow>()).GroupBy(u => u.RoomId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(u => u.Uses).ThenBy(u => u.CategoryId).First());
        var fallback = await read.ReadSingleOrDefaultAsync<CategoryRow>();
        foreach (var pending in batch)
        {
            var q = pending.Item;
            var (categoryId, categoryName) = q.CategoryId != 0 ? (q.CategoryId, categories.GetValueOrDefault(q.CategoryId))
                : mostUsed.TryGetValue(q.RoomId, out var used) ? (used.CategoryId, used.Name)
                : fallback is not null ? (fallback.Id, fallback.Name) : (0L, null);
            pending.Complete(new Facts(
                q.IdempotencyKey is { } key && earlier.TryGetValue((q.UserId, key), out var id) ? id : null,
                rooms.TryGetValue(q.RoomId, out var room) ? room.Room : null, room.Chain, categoryId, categoryName, openIds.GetValueOrDefault(q.UserId),
                grants[q.UserId].ToList()));
        }
    }

    private async Task WriteAsync(IReadOnlyList<Pending<TopicCreation.Creation, Written>> batch)
    {
        // The same retry twice in one batch: the first is written, the others answer with it.
        var leaders = new List<Pending<TopicCreation.Creation, Written>>();
        var followers = new List<(Pending<TopicCreation.Creation, Written> Pending, Pending<TopicCreation.Creation, Written> Leader)>();
        var byKey = new Dictionary<(long?, string), Pending<TopicCreation.Creation, Written>>();
        foreach (var pending in batch)
        {
            var topic = pending.Item.Topic;
            if (topic.IdempotencyKey is { } key)
            {
                if (byKey.TryGetValue((topic.ProposerUserId, key), out var leader))
                {
                    followers.Add((pending, leader));
                    continue;
                }

                byKey[(topic.ProposerUserId, key)] = pending;
            }

            leaders.Add(pending);
        }

        await using var scope = _scopes.CreateAsyncScope();
        var creation = scope.ServiceProvider.GetRequiredService<TopicCreation>();
        if (leaders.Count == 1)
        {
            await WriteOneAsync(creation, leaders[0]);
        }
        else if (!await TryWriteAllAsync(creation, leaders))
        {
            // Rolled back before the commit, nothing of the batch stored: something in it failed (typically a retry whose
            // first attempt another batch has just written). Each on its own now, so the others are not failed for it.
            _logger.LogInformation("A batch of {Count} submissions failed before its commit; writing them one by one", leaders.Count);
            foreach (var pending in leaders)
            {
                await WriteOneAsync(creation, pending);
            }
        }

        foreach (var (pending, leader) in followers)
        {
            try
            {
                var written = await leader.Task;
                pending.Complete(new Written(null, written.Created?.Id ?? written.Earlier));
            }
            catch (Exception ex)
            {
                pending.Fail(ex);
            }
        }
    }

    /// <summary>
    /// Writes the batch in one transaction and answers each submission once it is committed; false when it failed before
    /// the commit on a working connection (rolled back: safe to write again). A lost connection, or a failed commit (the
    /// batch may or may not be stored), fails every submission; their clients retry with their Idempotency-Key.
    /// </summary>
    private async Task<bool> TryWriteAllAsync(TopicCreation creation, List<Pending<TopicCreation.Creation, Written>> leaders)
    {
        await using var connection = await _writerDb.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        IReadOnlyList<CreatedTopic> created;
        try
        {
            created = await creation.CreateAsync(connection, tx, leaders.Select(p => p.Item).ToList(), CancellationToken.None);
        }
        catch (Exception ex) when (connection.State == ConnectionState.Open)
        {
            _logger.LogDebug(ex, "The batch failed");
            return false;
        }

        await tx.CommitAsync();
        for (var i = 0; i < leaders.Count; i++)
        {
            leaders[i].Complete(new Written(created[i], null));
        }

        return true;
    }

    private async Task WriteOneAsync(TopicCreation creation, Pending<TopicCreation.Creation, Written> pending)
    {
        var (topic, caller, now) = pending.Item;
        try
        {
            await using var connection = await _writerDb.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            try
            {
                var created = await creation.CreateAsync(connection, tx, topic, caller, now, CancellationToken.None);
                await tx.CommitAsync();
                pending.Complete(new Written(created, null));
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry && topic.IdempotencyKey is { } key)
            {
                // The first attempt of this retry stored the topic; answer with it.
                await tx.RollbackAsync();
                var earlier = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    "SELECT id FROM topics WHERE proposer_user_id = @userId AND idempotency_key = @key", new { userId = topic.ProposerUserId, key }));
                if (earlier is null)
                {
                    throw;
                }

                pending.Complete(new Written(null, earlier));
            }
        }
        catch (Exception ex)
        {
            pending.Fail(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reads.DisposeAsync();
        await _writes.DisposeAsync();
        await _writerDb.DisposeAsync();
    }
}
