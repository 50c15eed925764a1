namespace MaShangYi.Api.Infrastructure.Time;

/// <summary>
/// The one rule for instants we store: every timestamp column is <c>DATETIME(3)</c> (UTC, milliseconds), while the
/// system clock has 100 ns ticks. An action takes its time once, through <see cref="StoredNow"/>, so what it writes,
/// compares and answers is exactly what the database keeps — a value with more precision would be rounded (MySQL) or
/// truncated (MariaDB) on the way in and then equal nothing it was written as. Rows are never looked up by a time
/// just written; they are looked up by their keys.
/// </summary>
public static class StoredTime
{
    /// <summary>The current UTC instant at the precision of the database's timestamp columns.</summary>
    public static DateTime StoredNow(this TimeProvider clock) => AtStoredPrecision(clock.GetUtcNow().UtcDateTime);

    /// <summary><paramref name="utc"/> cut to whole milliseconds, as a <c>DATETIME(3)</c> column keeps it.</summary>
    public static DateTime AtStoredPrecision(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
