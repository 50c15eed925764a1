using System.Text.RegularExpressions;
using MaShangYi.Tests.Docs;

namespace MaShangYi.Tests.Resilience;

/// <summary>
/// A database reader, transaction or connection disposed with a plain <c>using</c> is disposed synchronously: MySqlConnector
/// then reads what is left of its results (or rolls back) with a synchronous socket read, and a request's thread is
/// blocked for it. A topic detail hung a whole test run there, and in a stress program such a read once waited with its
/// reply already in the socket's buffer (docs/benchmarks.md, *A read that waited forever*). Every one of them
/// is disposed with <c>await using</c>, every grid is read with the asynchronous reads, and every grid is
/// <c>MultipleResults</c>' rather than Dapper's own; this test holds the API and the benchmark tools to it.
/// </summary>
public sealed class AsynchronousDisposalTests
{
    private static readonly Regex SynchronousDisposal = new(
        @"(?<!await\s+)\busing\s*(?:\(\s*)?var\s+\w+\s*=\s*await\s+[\w.]+\.(?<call>QueryResultsAsync|QueryMultipleAsync|ExecuteReaderAsync|BeginTransactionAsync|OpenConnectionAsync)\b",
        RegexOptions.Compiled);

    /// <summary>A synchronous read of a grid (Dapper's multi-mapping has no asynchronous form on a grid) in a file that reads grids.</summary>
    private static readonly Regex SynchronousGridRead = new(@"\b\w+\.Read(?:First|Single)?(?:OrDefault)?\s*<[^;()]*>\s*\(", RegexOptions.Compiled);

    [Test]
    public void EveryDatabaseReaderTransactionAndConnectionOpenedAsynchronouslyIsReadAndDisposedAsynchronously()
    {
        var root = DocumentLinkTests.FindRoot();
        var sources = new[] { "api", Path.Combine("tests", "Bench") }
            .SelectMany(dir => Directory.GetFiles(Path.Combine(root, dir), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var awaited = sources.Sum(f => Regex.Count(File.ReadAllText(f), @"\bawait\s+using\s*(?:\(\s*)?var\s+\w+\s*=\s*await\s+[\w.]+\.(?:QueryResultsAsync|OpenConnectionAsync)\b"));

        var found = sources
            .SelectMany(f => SynchronousDisposal.Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(root, f)}: {m.Value}"))
            .Concat(sources.Where(f => File.ReadAllText(f).Contains("QueryResultsAsync", StringComparison.Ordinal))
                .SelectMany(f => SynchronousGridRead.Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(root, f)}: {m.Value}")))
            .ToList();

        // Dapper's own grid cancels its command when disposed with a result unread (a KILL QUERY): every multi-result
        // read goes through MultipleResults.QueryResultsAsync instead.
        found.AddRange(sources.SelectMany(f => Regex.Matches(File.ReadAllText(f), @"\.QueryMultiple(?:Async)?\s*\(")
            .Select(m => $"{Path.GetRelativePath(root, f)}: {m.Value} (use QueryResultsAsync)")));

        // The scan sees the code it guards: the API opens dozens of connections and multi-result reads this way.
        Assert.That(awaited, Is.GreaterThan(50));
        Assert.That(found, Is.Empty);
    }
}
