using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MaShangYi.Tests.Support;

/// <summary>Keeps every log entry the API writes, so a test can assert what was (or was not) logged.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    public sealed record Entry(LogLevel Level, string Category, string Text);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>Errors and worse, as "Category: message | exception" lines for an assertion message.</summary>
    public IReadOnlyList<string> Errors => [.. _entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Text}")];

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            entries.Enqueue(new Entry(logLevel, category, formatter(state, exception) + " | " + structured + " | " + exception));
        }
    }
}
