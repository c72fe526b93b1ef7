namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>Days and weeks in an organisation's time zone (UTC when the zone is unknown), as the edge counts them.</summary>
public static class OrganisationCalendar
{
    /// <summary>The calendar day of <paramref name="now"/> in the zone.</summary>
    public static DateOnly Today(DateTimeOffset now, string timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone(timeZone)).DateTime);

    /// <summary>Monday 00:00 of the ISO week holding <paramref name="now"/> in the zone.</summary>
    public static DateTimeOffset WeekStart(DateTimeOffset now, string timeZone)
    {
        var zone = Zone(timeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }

    /// <summary>The zone of an IANA id; UTC when this machine does not know it.</summary>
    public static TimeZoneInfo Zone(string? timeZone) => timeZone is not null
        && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
}
