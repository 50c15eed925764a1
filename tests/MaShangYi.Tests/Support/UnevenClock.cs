using Microsoft.Extensions.Time.Testing;

namespace MaShangYi.Tests.Support;

/// <summary>
/// The tests' clock, as uneven as the real one: it starts at an arbitrary instant with sub-millisecond ticks and every
/// read moves it on by an uneven sub-millisecond amount, as time passes between two reads of the system clock. A rule
/// that holds only on whole seconds or milliseconds (a row looked up by the time just written, a comparison of a stored
/// time with one not cut to the column's precision) fails here as it fails in the field. Tests still move it by hand
/// (<see cref="FakeTimeProvider.Advance"/>) for days and deadlines; it never goes back.
/// </summary>
public sealed class UnevenClock() : FakeTimeProvider(FirstInstant)
{
    /// <summary>27 Nov 2026, 08:00:00.4173829 UTC (16:00 in Beijing): not on a second, not on a millisecond.</summary>
    public static readonly DateTimeOffset FirstInstant = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero).AddTicks(4_173_829);

    private readonly Random _steps = new(20261127);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_steps)
        {
            // 1 to 9,999 ticks: from 100 ns to just under a millisecond, never the same twice in a row.
            AutoAdvanceAmount = TimeSpan.FromTicks(_steps.Next(1, 10_000));
        }

        return base.GetUtcNow();
    }
}
