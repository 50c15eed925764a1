using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using MaShangYi.Api.Features.Statistics;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Tests.Docs;
using MaShangYi.Tests.Support;
using MySqlConnector;

namespace MaShangYi.Tests.Statistics;

/// <summary>
/// A change adds its topic's difference computed in C# (<see cref="StatColumns.TopicCounts"/>); the rebuild computes
/// the same columns in SQL (<see cref="StatColumns.TopicSelect"/>). The two definitions must agree on every topic.
/// </summary>
public sealed class TopicCountsTests : ApiTest
{
    private sealed record Facts(int Id, string Status, string? Classification, DateTime SubmittedAt, DateTime? ReviewedAt);

    /// <summary>Every status with every class, unreviewed and reviewed; and reviews a millisecond around each bucket's bounds, accepted and turned away.</summary>
    private static List<Facts> Topics()
    {
        var submitted = new DateTime(2026, 3, 1, 2, 0, 0, 750, DateTimeKind.Utc);
        var topics = new List<Facts>();
        foreach (var status in StatColumns.Statuses)
        {
            foreach (var classification in new[] { null, "A", "B", "C" })
            {
                topics.Add(new(topics.Count + 1, status, classification, submitted, null));
                topics.Add(new(topics.Count + 1, status, classification, submitted, submitted.AddMinutes(90)));
            }
        }

        var offsets = new List<TimeSpan> { TimeSpan.Zero, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(-999), TimeSpan.FromMilliseconds(-1000), TimeSpan.FromMilliseconds(999) };
        foreach (var hours in StatColumns.ResponseBoundsHours)
        {
            var bound = TimeSpan.FromHours(hours);
            offsets.AddRange([bound - TimeSpan.FromMilliseconds(1), bound, bound + TimeSpan.FromMilliseconds(999), bound + TimeSpan.FromSeconds(1)]);
        }

        offsets.Add(TimeSpan.FromDays(400));
        foreach (var status in new[] { TopicStatus.Announced, TopicStatus.Rejected, TopicStatus.Closed })
        {
            topics.AddRange(offsets.Select(offset => new Facts(topics.Count + 1, status, "A", submitted, submitted + offset)));
        }

        return topics;
    }

    [Test]
    public async Task TheTopicsCountsInCSharpEqualTheRebuildsDefinitionInSql()
    {
        var topics = Topics();
        await using var connection = new MySqlConnection(TestRun.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            "CREATE TEMPORARY TABLE counted (id INT PRIMARY KEY, status VARCHAR(24) NOT NULL, classification CHAR(1) NULL, submitted_at DATETIME(3) NOT NULL, reviewed_at DATETIME(3) NULL)");
        await connection.ExecuteAsync(
            "INSERT INTO counted (id, status, classification, submitted_at, reviewed_at) VALUES (@Id, @Status, @Classification, @SubmittedAt, @ReviewedAt)", topics);
        var rows = (await connection.QueryAsync($"SELECT id, {StatColumns.TopicSelect} FROM counted ORDER BY id"))
            .Cast<IDictionary<string, object>>().ToList();

        Assert.That(rows, Has.Count.EqualTo(topics.Count));
        var differences = new List<string>();
        foreach (var (topic, row) in topics.Zip(rows))
        {
            var counts = StatColumns.TopicCounts(new CountedFacts(topic.Status, topic.Classification, topic.ReviewedAt, 1), topic.SubmittedAt);
            differences.AddRange(StatColumns.All
                .Where(column => Convert.ToInt64(row[column], CultureInfo.InvariantCulture) != counts[StatColumns.Index[column]])
                .Select(column => $"{topic}: {column} SQL {row[column]}, C# {counts[StatColumns.Index[column]]}"));
        }

        Assert.That(differences, Is.Empty);
        Assert.That(rows.Sum(r => Convert.ToInt64(r["resp_over"], CultureInfo.InvariantCulture)), Is.GreaterThan(0), "the sweep reaches every bucket");
        Assert.That(rows.Sum(r => Convert.ToInt64(r["resp_1h"], CultureInfo.InvariantCulture)), Is.GreaterThan(3));
    }

    /// <summary>
    /// The columns counted are written only by the store, from the facts it hands the statistics: an action that set one
    /// in its own SQL would leave the rollups counting what the topic no longer is.
    /// </summary>
    [Test]
    public void OnlyTheStoreAndTheSubmissionWriteTheColumnsATopicIsCountedBy()
    {
        var root = DocumentLinkTests.FindRoot();
        var writes = Directory.GetFiles(Path.Combine(root, "api"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"UPDATE\s+topics\s+SET\b[^;""]*?\b(?:status|reviewed_at|classification|category_id)\s*=", RegexOptions.IgnoreCase)
                .Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .ToList();

        Assert.That(writes, Has.Count.EqualTo(2), string.Join("\n", writes));
        Assert.That(writes.Select(w => w.Split(':')[0]), Is.All.EqualTo("TopicStore.cs"), string.Join("\n", writes));
    }
}
