using System.Data.Common;
using System.Globalization;
using Dapper;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Time;
using MySqlConnector;

namespace MaShangYi.Api.Features.Statistics;

/// <summary>Months m1..m2, plus the days a1..a2 and a3..a4, minus the days s1..s2 and s3..s4 (see <see cref="StatisticsQueries.Plan"/>).</summary>
public sealed record ReportPlan(DateOnly M1, DateOnly M2, DateOnly A1, DateOnly A2, DateOnly A3, DateOnly A4, DateOnly S1, DateOnly S2, DateOnly S3, DateOnly S4);

/// <summary>
/// Reads a region's statistics from the rollups. A period is months from stats_region_month with the ragged days at either
/// end added or taken away from stats_region_day (<see cref="StatisticsQueries.Plan"/>), for the region and its children only (their own rows: a PK range each), so the work
/// grows with children × months, not with the topics underneath: the whole province over three years is a few thousand
/// rows. Overdue tasks are a current state, counted on stats_open_tasks by one range on (region, due_on).
/// </summary>
public sealed class StatisticsQueries(Reads reads, TimeProvider clock)
{
    private sealed record Child(long Id, string Code, string Name, int Level);

    /// <summary>
    /// The rollup rows of the period, unsummed: the months, then the days to add and to take away (see
    /// <see cref="Plan"/>), each day row with its sign. They are summed here: grouping a few thousand rows of forty
    /// columns in the database went through a temporary table and took about 20 ms for a city's year on the
    /// 2,000,000-topic province.
    /// </summary>
    private static readonly string RowsSql = $"""
        SELECT region_id, category_id, {StatColumns.List} FROM stats_region_month
        WHERE region_id IN @ids AND day >= @m1 AND day <= @m2;
        SELECT region_id, category_id, IF(day >= @s1 AND day <= @s2 OR day >= @s3 AND day <= @s4, -1, 1), {StatColumns.List}
        FROM stats_region_day
        WHERE region_id IN @ids AND (day >= @a1 AND day <= @a2 OR day >= @a3 AND day <= @a4 OR day >= @s1 AND day <= @s2 OR day >= @s3 AND day <= @s4)
        """;

    /// <summary>A region's report in two round trips: the region and its children; then the sums, categories and overdue tasks.</summary>
    public async Task<StatisticsReport?> ReportAsync(long regionId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        return await reads.RunAsync(async connection =>
        {
            RegionQueries.RegionRow? region;
            List<Child> children;
            await using (var read = await connection.QueryResultsAsync(new CommandDefinition(
                $"""
                {RegionQueries.SelectRow} WHERE id = @regionId;
                SELECT id, code, name, level FROM regions WHERE parent_id = @regionId ORDER BY code;
                """, new { regionId }, cancellationToken: ct)))
            {
                region = await read.ReadSingleOrDefaultAsync<RegionQueries.RegionRow>();
                children = (await read.ReadAsync<Child>()).AsList();
            }

            return region is null
                ? null
                : await BuildAsync(connection, new RegionRef(region.Id, region.Code, region.Name, region.Level), children, from, to, OverdueSql(region.Level), ct);
        }, ct);
    }

    /// <summary>The whole deployment (a province): every city together, with the cities as the children. Reads the cities' own rows.</summary>
    public async Task<StatisticsReport> ProvinceReportAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        return await reads.RunAsync(async connection =>
        {
            var cities = (await connection.QueryAsync<Child>(new CommandDefinition(
                "SELECT id, code, name, level FROM regions WHERE parent_id IS NULL ORDER BY code", cancellationToken: ct))).AsList();
            return await BuildAsync(connection, Province, cities, from, to,
                // A range of (region_l1, due_on) per city: without the cities named, the whole index was read (about 28 ms
                // for 266,000 open tasks on the 2,000,000-topic province, against 7 ms for the 48,000 overdue).
                "SELECT region_l1 AS Child, COUNT(*) AS Count FROM stats_open_tasks WHERE region_l1 IN @ids AND due_on < @today GROUP BY region_l1", ct);
        }, ct);
    }

    /// <summary>The scope the province report stands for: not a region row, the sum of every city.</summary>
    public static readonly RegionRef Province = new(0, "province", "全省", RegionLevels.Province);

    /// <summary>
    /// The report of <paramref name="scope"/> and its <paramref name="children"/>, in one round trip of four reads: the
    /// month and day rollup rows (summed here), the categories and the overdue tasks by child (<paramref name="overdueSql"/>). The scope's own
    /// figures are its own rollup rows, or for <see cref="Province"/> (which has none) the sum of its children's.
    /// </summary>
    private async Task<StatisticsReport> BuildAsync(
        MySqlConnection connection, RegionRef scope, List<Child> children, DateOnly from, DateOnly to, string overdueSql, CancellationToken ct)
    {
        var plan = Plan(from, to);
        var ids = children.Select(c => c.Id).Append(scope.Id).ToArray();
        // Read straight off the data reader: a few thousand rows of forty counts, boxed into dynamic rows, cost the API
        // about as much CPU as the database spent finding them.
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            RowsSql + ";\nSELECT id, name FROM topic_categories ORDER BY sort_order, id;\n" + overdueSql,
            new
            {
                ids, m1 = Date(plan.M1), m2 = Date(plan.M2), a1 = Date(plan.A1), a2 = Date(plan.A2), a3 = Date(plan.A3), a4 = Date(plan.A4),
                s1 = Date(plan.S1), s2 = Date(plan.S2), s3 = Date(plan.S3), s4 = Date(plan.S4), regionId = scope.Id, today = Date(clock.Today()),
            },
            cancellationToken: ct));
        var byKey = new Dictionary<(long Region, long Category), long[]>();
        for (var part = 0; part < 2; part++)
        {
            // Months: region, category, the counts; days: region, category, the sign, the counts.
            var first = part == 0 ? 2 : 3;
            var counts = Counts.Of(reader);
            while (await reader.ReadAsync(ct))
            {
                var key = (reader.GetInt64(0), reader.GetInt64(1));
                var sign = part == 0 ? 1 : counts.Read(reader, 2);
                if (!byKey.TryGetValue(key, out var total))
                {
                    byKey[key] = total = FigureMath.Zero();
                }

                for (var i = 0; i < total.Length; i++)
                {
                    total[i] += sign * counts.Read(reader, first + i);
                }
            }

            await reader.NextResultAsync(ct);
        }

        var sums = byKey.Select(k => (k.Key.Region, k.Key.Category, Sums: k.Value)).ToList();
        var categories = new List<(long Id, string Name)>();
        while (await reader.ReadAsync(ct))
        {
            categories.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        await reader.NextResultAsync(ct);
        var overdue = new Dictionary<long, long>();
        while (await reader.ReadAsync(ct))
        {
            var child = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
            overdue[child] = overdue.GetValueOrDefault(child) + reader.GetInt64(1);
        }

        var isProvince = scope.Level == RegionLevels.Province;
        bool Own(long region) => isProvince || region == scope.Id;
        var own = FigureMath.Total(sums.Where(s => Own(s.Region)).Select(s => s.Sums));
        var byCategory = categories
            .Select(c => FigureMath.Category(c.Id, c.Name, FigureMath.Total(sums.Where(s => Own(s.Region) && s.Category == c.Id).Select(s => s.Sums))))
            .ToList();
        return new StatisticsReport(
            scope, from, to, clock.Today(),
            FigureMath.From(own, overdue.Values.Sum()), FigureMath.ByStatus(own), byCategory,
            [.. children.Select(c => new ChildFigures(c.Id, c.Code, c.Name, c.Level, RegionLevels.Name(c.Level),
                FigureMath.From(FigureMath.Total(sums.Where(s => s.Region == c.Id).Select(s => s.Sums)), overdue.GetValueOrDefault(c.Id))))]);
    }

    /// <summary>
    /// Reads a result's integer columns without boxing. MySqlConnector's <c>GetInt64</c> goes through <c>GetValue</c>, which
    /// boxes every value; its <c>GetInt32</c> reads an INT column straight from the row. The rollups' counts are INT (their
    /// sums of seconds BIGINT): read as they come, a city's year of rows makes no box per count (docs/benchmarks.md,
    /// *What a request allocates*).
    /// </summary>
    private readonly struct Counts(bool[] narrow)
    {
        public static Counts Of(DbDataReader reader) =>
            new([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetFieldType(i) == typeof(int))]);

        public long Read(DbDataReader reader, int ordinal) => narrow[ordinal] ? reader.GetInt32(ordinal) : reader.GetInt64(ordinal);
    }

    /// <summary>
    /// Open tasks past their due date (before today, Beijing) under @regionId, by child region (NULL: rooms directly at
    /// the region); none outside levels 1–4. Column names come from the region's level, never from input.
    /// </summary>
    private static string OverdueSql(int level)
    {
        if (level is < RegionLevels.City or > RegionLevels.Village)
        {
            return "SELECT NULL AS Child, 0 AS Count FROM DUAL WHERE FALSE";
        }

        var child = level < RegionLevels.Village ? string.Create(CultureInfo.InvariantCulture, $"region_l{level + 1}") : "NULL";
        return string.Create(CultureInfo.InvariantCulture,
            $"SELECT {child} AS Child, COUNT(*) AS Count FROM stats_open_tasks WHERE region_l{level} = @regionId AND due_on < @today GROUP BY {child}");
    }

    /// <summary>
    /// The whole months inside [from, to] (m1..m2, first days; empty when m1 &gt; m2) and the days before and after them
    /// (d1..d2, d3..d4; a range is empty when its start is after its end).
    /// </summary>
    public static (DateOnly M1, DateOnly M2, DateOnly D1, DateOnly D2, DateOnly D3, DateOnly D4) Split(DateOnly from, DateOnly to)
    {
        var firstFull = from.Day == 1 ? from : First(from).AddMonths(1);
        var lastFull = to == First(to).AddMonths(1).AddDays(-1) ? First(to) : First(to).AddMonths(-1);
        return firstFull <= lastFull
            ? (firstFull, lastFull, from, firstFull.AddDays(-1), lastFull.AddMonths(1), to)
            : (Never, Ever, from, to, Never, Ever);
    }

    /// <summary>
    /// The rollup rows that make [from, to] with the fewest day rows: months m1..m2, plus the days a1..a2 and a3..a4, minus
    /// the days s1..s2 and s3..s4 (every column is a count or a sum, so a month is the sum of its days). A partial month
    /// at either end is its days in the period, or — when fewer — its month row less its days outside: a trailing year
    /// from the 6th reads 5 + 5 day rows per region and category, not 26 + 5. Empty ranges start after they end.
    /// </summary>
    public static ReportPlan Plan(DateOnly from, DateOnly to)
    {
        var (m1, m2) = (Never, Ever);
        var (a1, a2, a3, a4, s1, s2, s3, s4) = (Never, Ever, Never, Ever, Never, Ever, Never, Ever);
        var (head, tail) = (First(from), First(to));
        if (head == tail)
        {
            var last = head.AddMonths(1).AddDays(-1);
            if (to.DayNumber - from.DayNumber + 1 <= last.Day - (to.DayNumber - from.DayNumber + 1))
            {
                (a1, a2) = (from, to);
            }
            else
            {
                (m1, m2, s1, s2, s3, s4) = (head, head, head, from.AddDays(-1), to.AddDays(1), last);
            }

            return new ReportPlan(m1, m2, a1, a2, a3, a4, s1, s2, s3, s4);
        }

        (m1, m2) = (head.AddMonths(1), tail.AddMonths(-1));
        var headLast = head.AddMonths(1).AddDays(-1);
        if (from == head)
        {
            m1 = head;
        }
        else if (from.Day - 1 < headLast.Day - from.Day + 1)
        {
            (m1, s1, s2) = (head, head, from.AddDays(-1));
        }
        else
        {
            (a1, a2) = (from, headLast);
        }

        var tailLast = tail.AddMonths(1).AddDays(-1);
        if (to == tailLast)
        {
            m2 = tail;
        }
        else if (tailLast.Day - to.Day < to.Day)
        {
            (m2, s3, s4) = (tail, to.AddDays(1), tailLast);
        }
        else
        {
            (a3, a4) = (tail, to);
        }

        return new ReportPlan(m1, m2, a1, a2, a3, a4, s1, s2, s3, s4);
    }

    // An empty range: starts after it ends, within the dates MySQL stores.
    private static readonly DateOnly Never = new(9999, 12, 31);
    private static readonly DateOnly Ever = new(1000, 1, 1);

    private static DateOnly First(DateOnly day) => new(day.Year, day.Month, 1);

    private static DateTime Date(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);
}
