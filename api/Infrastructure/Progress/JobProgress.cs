using System.Diagnostics;
using System.Globalization;

namespace MaShangYi.Api.Infrastructure.Progress;

/// <summary>
/// Progress of a long job (a statistics rebuild, a seed) as a line every few seconds: what it is doing, the share done,
/// and an estimate of the time left from the rate of THIS run (a resumed job starts with the units done before, which
/// count towards the share but not the rate). Units are whatever measures the work evenly (topics, chunks).
/// </summary>
public sealed class JobProgress
{
    private readonly string _job;
    private readonly Action<string> _write;
    private readonly TimeSpan _every;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly double _startDone;
    private TimeSpan _lastLine;
    private double _done;

    /// <param name="job">The name the lines start with.</param>
    /// <param name="total">The units of the whole job.</param>
    /// <param name="done">The units done before this run (a resumed job).</param>
    /// <param name="write">Where the lines go (the console).</param>
    /// <param name="every">At most one line per this interval (zero: a line per <see cref="Advance"/>, for tests).</param>
    public JobProgress(string job, double total, double done, Action<string> write, TimeSpan every)
    {
        (_job, Total, _done, _startDone, _write, _every) = (job, Math.Max(total, 1), done, done, write, every);
        _lastLine = TimeSpan.Zero;
    }

    public double Total { get; }

    /// <summary>Counts <paramref name="units"/> more as done; writes a line if the last was long enough ago.</summary>
    public void Advance(double units, string position)
    {
        _done += units;
        var elapsed = _watch.Elapsed;
        if (elapsed - _lastLine >= _every)
        {
            _lastLine = elapsed;
            _write(Line(position, elapsed));
        }
    }

    /// <summary>The line for now, e.g. <c>rebuild-statistics: 37.6 % (2026-09-14) · 2 min 10 s elapsed · about 3 min 35 s left</c>.</summary>
    public string Line(string position, TimeSpan elapsed)
    {
        var share = Math.Clamp(_done / Total, 0, 1);
        var doneHere = _done - _startDone;
        var left = doneHere > 0 ? Duration(TimeSpan.FromSeconds(elapsed.TotalSeconds * (Total - _done) / doneHere)) : "unknown";
        return string.Create(CultureInfo.InvariantCulture,
            $"{_job}: {share * 100:F1} % ({position}) · {Duration(elapsed)} elapsed · about {left} left");
    }

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min")
        : span.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min {span.Seconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(span.Seconds, 0)} s");
}
