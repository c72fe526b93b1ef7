namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>
/// The organisation's local time, in which schedules (R-SCHED), ISO weeks (R-WEEK) and adaptation weeks (R-ADAPT) are
/// counted. An unknown zone id counts in UTC.
/// </summary>
public static class OrganisationTime
{
    public static TimeZoneInfo Zone(string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;

    /// <summary>The instant as a wall-clock time in the zone.</summary>
    public static DateTimeOffset Local(DateTimeOffset now, string timeZone) => TimeZoneInfo.ConvertTime(now, Zone(timeZone));

    public static DateOnly Today(DateTimeOffset now, string timeZone) => DateOnly.FromDateTime(Local(now, timeZone).DateTime);

    /// <summary>The instant a local wall-clock time in the zone stands for (a time skipped by a DST change moves on by the gap).</summary>
    public static DateTimeOffset At(DateTime local, string timeZone)
    {
        var zone = Zone(timeZone);
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified)) unspecified = unspecified.AddMinutes(30);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }

    /// <summary>Monday 00:00 of the ISO week that holds <paramref name="now"/>, in the zone.</summary>
    public static DateTimeOffset WeekStart(DateTimeOffset now, string timeZone)
    {
        var local = Local(now, timeZone);
        var daysSinceMonday = ((int)local.DayOfWeek + 6) % 7;
        return At(local.Date.AddDays(-daysSinceMonday), timeZone);
    }

    /// <summary>ISO day of week, 1 (Monday) .. 7 (Sunday).</summary>
    public static int IsoDay(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;
}
