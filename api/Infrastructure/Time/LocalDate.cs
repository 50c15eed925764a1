namespace MaShangYi.Api.Infrastructure.Time;

/// <summary>
/// The dates people see and set (announcement ends, deadlines, due dates) are Beijing dates. China has one time zone,
/// UTC+8 with no daylight saving, so a fixed offset is exact and needs no time-zone database. Instants stay UTC.
/// </summary>
public static class LocalDate
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);

    /// <summary>The Beijing date of a UTC instant.</summary>
    public static DateOnly Of(DateTime utc) => DateOnly.FromDateTime(utc.Add(Offset));
}
