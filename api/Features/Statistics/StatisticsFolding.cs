using System.Globalization;
using System.Text;
using Dapper;
using MaShangYi.Api.Infrastructure.Time;
using Microsoft.Extensions.Options;
using MySqlConnector;
using MaShangYi.Api.Infrastructure.Background;
using MaShangYi.Api.Infrastructure.Database;

namespace MaShangYi.Api.Features.Statistics;

public sealed class StatisticsOptions
{
    public const string Section = "Statistics";

    /// <summary>Whether this instance folds queued changes in the background (tests fold by hand; reads always fold first).</summary>
    public bool FoldInBackground { get; set; } = true;

    /// <summary>
    /// The pause between background folds when the last one was not full. Reads fold what is queued first either way,
    /// so the figures are always current; the pause only sets how much a fold gathers under a stream of changes.
    /// </summary>
    public int FoldIntervalMilliseconds { get; set; } = 3000;

    /// <summary>
    /// Queued changes folded per transaction. A larger batch shares more of the town, county and city rows between its
    /// topics: under a stream of submissions, 10,000 writes about 30 % fewer rows per topic than 2,000 (measured: MariaDB
    /// spent a tenth less CPU per submission), and 2,000 a third fewer than 500.
    /// </summary>
    public int FoldBatchSize { get; set; } = 10000;
}

/// <summary>
/// Moves queued topic changes (stats_pending) into the rollups, a batch per transaction: for each queued topic, its
/// contribution now minus the one it last added (stats_topics), summed per region, day and category in memory and written
/// as one upsert per table — so a city's rows are written once per batch instead of once per change. Folders on several
/// instances take turns on the stats_fold row. Only folders write stats_topics, and a folder reads (READ COMMITTED) after
/// taking its turn, so "what was added" is always current; a change committed while a batch runs stays queued for the next.
/// </summary>
public sealed class StatisticsFolding(MySqlDataSource db, IOptions<StatisticsOptions> options)
{
    private sealed record Contribution(long TopicId, bool Current, long L1, long? L2, long? L3, long? L4, long CategoryId, DateTime SubmittedAt,
        string? Status, string? Classification, DateTime? ReviewedAt, long[] Vector);

    private const string Facts = "region_l1, region_l2, region_l3, region_l4, category_id, submitted_at";

    private static readonly string ContributionsSql = $"""
        SELECT 1 AS which, id AS topic_id, {Facts}, status, classification, reviewed_at, {StatColumns.TopicSelect}
        FROM topics WHERE id IN @ids
        UNION ALL
        SELECT 0, topic_id, {Facts}, status, classification, reviewed_at, {StatColumns.TopicSelect}
        FROM (SELECT s.topic_id, t.region_l1, t.region_l2, t.region_l3, t.region_l4, COALESCE(s.category_id, t.category_id) AS category_id, t.submitted_at,
                     s.status, s.classification, s.reviewed_at
              FROM stats_topics s JOIN topics t ON t.id = s.topic_id WHERE s.topic_id IN @ids) old
        """;

    /// <summary>Takes the folders' turn (also the rebuild's): an exclusive lock on the one stats_fold row until commit.</summary>
    public const string TurnSql = "INSERT INTO stats_fold (id, folded_at) VALUES (1, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE folded_at = UTC_TIMESTAMP(3)";

    /// <summary>Folds everything queued so far; returns how many queued changes were folded.</summary>
    public async Task<int> FoldAllAsync(CancellationToken ct)
    {
        var total = 0;
        int folded;
        do
        {
            folded = await FoldBatchAsync(ct);
            total += folded;
        }
        while (folded > 0);

        return total;
    }

    /// <summary>Before a statistics read: folds what is queued, so the figures include every change committed before the read.</summary>
    public async Task FoldPendingAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM stats_pending)", cancellationToken: ct)))
        {
            await FoldAllAsync(ct);
        }
    }

    /// <summary>Folds one batch in one transaction; returns how many queued changes it folded (0: the queue was empty).</summary>
    public async Task<int> FoldBatchAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        // READ COMMITTED: each read below sees what the previous folder committed (its deletes, its stats_topics), however
        // long this one waited for its turn; a snapshot from before the wait would fold the same changes again.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);
        // The turn first: folders take turns on this row (written, so it is locked even if someone emptied the table).
        await connection.ExecuteAsync(new CommandDefinition(TurnSql, transaction: tx, cancellationToken: ct));
        var queued = (await connection.QueryAsync<(long Id, long TopicId)>(new CommandDefinition(
            "SELECT id, topic_id FROM stats_pending ORDER BY id LIMIT @limit", new { limit = options.Value.FoldBatchSize }, tx, cancellationToken: ct))).AsList();
        if (queued.Count == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }

        var ids = queued.Select(q => q.TopicId).Distinct().Order().ToArray();
        // Read as a stream and summed as it comes: a batch is thousands of rows of forty-odd columns.
        var days = new SortedDictionary<(long Region, DateOnly Day, long Category), long[]>();
        var months = new SortedDictionary<(long Region, DateOnly Day, long Category), long[]>();
        var current = new List<Contribution>();
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(ContributionsSql, new { ids }, tx, cancellationToken: ct)))
        {
            while (await reader.ReadAsync(ct))
            {
                var row = Read(reader);
                var day = LocalDate.Of(row.SubmittedAt);
                var sign = row.Current ? 1 : -1;
                foreach (var region in new[] { row.L1, row.L2, row.L3, row.L4 }.OfType<long>())
                {
                    Add(days, (region, day, row.CategoryId), row.Vector, sign);
                    Add(months, (region, new DateOnly(day.Year, day.Month, 1), row.CategoryId), row.Vector, sign);
                }

                if (row.Current)
                {
                    current.Add(row);
                }
            }
        }

        // Several statements of a few hundred rows each rather than one: every piece of SQL stays small enough to be
        // garbage-collected young (a batch's rows in one string would land on the large object heap, every fold).
        foreach (var statement in Upserts("stats_region_day", days).Concat(Upserts("stats_region_month", months)))
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, transaction: tx, cancellationToken: ct, flags: SqlRows.Generated));
        }

        foreach (var chunk in current.Chunk(ChunkRows))
        {
            // The very state whose contribution was just added (not re-read: a change since then is still queued).
            var args = new DynamicParameters();
            // The category too: a reviewer may correct it later, and the next fold takes this contribution out of this one.
            var values = SqlRows.Values(args, "t", chunk, c => [c.TopicId, c.Status, c.Classification, c.ReviewedAt, c.CategoryId]);
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO stats_topics (topic_id, status, classification, reviewed_at, category_id) VALUES {values}
                ON DUPLICATE KEY UPDATE status = VALUES(status), classification = VALUES(classification), reviewed_at = VALUES(reviewed_at),
                                        category_id = VALUES(category_id)
                """, args, tx, cancellationToken: ct, flags: SqlRows.Generated));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM stats_pending WHERE id IN @queuedIds", new { queuedIds = queued.Select(q => q.Id).ToArray() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return queued.Count;
    }

    /// <summary>A row of <see cref="ContributionsSql"/>, by position: the facts, then the contribution in <see cref="StatColumns.All"/> order.</summary>
    private static Contribution Read(System.Data.Common.DbDataReader r)
    {
        long? Nullable(int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var vector = new long[StatColumns.All.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = r.GetInt64(VectorStart + i);
        }

        return new(r.GetInt64(1), r.GetInt64(0) == 1, r.GetInt64(2), Nullable(3), Nullable(4), Nullable(5), r.GetInt64(6), r.GetDateTime(7),
            Text(8), Text(9), r.IsDBNull(10) ? null : r.GetDateTime(10), vector);
    }

    /// <summary>The position of the first contribution column in <see cref="ContributionsSql"/>'s rows.</summary>
    private const int VectorStart = 11;

    private static void Add(SortedDictionary<(long, DateOnly, long), long[]> sums, (long, DateOnly, long) key, long[] vector, int sign)
    {
        if (!sums.TryGetValue(key, out var sum))
        {
            sums[key] = sum = new long[vector.Length];
        }

        for (var i = 0; i < vector.Length; i++)
        {
            sum[i] += sign * vector[i];
        }
    }

    /// <summary>Rows per statement: a few hundred rows of sums is a few tens of kilobytes of SQL.</summary>
    private const int ChunkRows = 200;

    /// <summary>
    /// Multi-row upserts in key order (so concurrent writers of the same rows lock them in the same order), of the rows
    /// that change anything, naming only the columns that change in their statement (a new topic changes two of the
    /// forty-odd; the others keep their value, or their default of 0 in a new row). The values are numbers and dates
    /// computed here, written as literals: a batch can hold thousands of rows.
    /// </summary>
    private static IEnumerable<string> Upserts(string table, SortedDictionary<(long Region, DateOnly Day, long Category), long[]> sums)
    {
        foreach (var chunk in sums.Where(kv => kv.Value.Any(v => v != 0)).Chunk(ChunkRows))
        {
            var changed = Enumerable.Range(0, StatColumns.All.Length).Where(i => chunk.Any(kv => kv.Value[i] != 0)).ToArray();
            var sql = new StringBuilder();
            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO {table} (region_id, day, category_id, {string.Join(", ", changed.Select(i => StatColumns.All[i]))}) VALUES ");
            sql.AppendJoin(", ", chunk.Select(kv => string.Create(CultureInfo.InvariantCulture,
                $"({kv.Key.Region}, '{kv.Key.Day:yyyy-MM-dd}', {kv.Key.Category}, {string.Join(", ", changed.Select(i => kv.Value[i]))})")));
            sql.Append(" ON DUPLICATE KEY UPDATE ").Append(StatisticsRollup.AddingTo(changed.Select(i => StatColumns.All[i])));
            yield return sql.ToString();
        }
    }
}

/// <summary>Folds the statistics queue in the background of every API instance, so it stays short between reads.</summary>
public sealed class StatisticsFoldingWorker(IServiceScopeFactory scopes, IOptions<StatisticsOptions> options, TimeProvider clock, ILogger<StatisticsFoldingWorker> logger)
    : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Statistics fold";

    protected override bool Enabled => options.Value.FoldInBackground;

    protected override TimeSpan Pause => TimeSpan.FromMilliseconds(options.Value.FoldIntervalMilliseconds);

    /// <summary>A full batch means more may be queued: fold again at once.</summary>
    protected override async Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<StatisticsFolding>().FoldBatchAsync(ct) >= options.Value.FoldBatchSize;
}
