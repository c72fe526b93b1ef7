using Inclusion.Iot.Server.Records.Configuration;

namespace Inclusion.Iot.Server.Api.Demo;

/// <summary>
/// R-SCHED for a demo at any hour: the slots that hold "now" in the organisation's zone. Today from an hour ago (on a
/// five-minute mark, not before midnight) to midnight; when less than three hours of today remain, also tomorrow's
/// first three hours, so a demo started late in the evening still runs after midnight.
/// </summary>
public static class DemoSlots
{
    /// <summary>How far back today's slot starts.</summary>
    public const int LeadMinutes = 60;

    /// <summary>Below this much of today left, tomorrow gets a slot from midnight of this length.</summary>
    public const int NextDayMinutes = 180;

    private const int MinutesPerDay = 24 * 60;

    /// <summary>The wall-clock time of <paramref name="now"/> in the zone (UTC when the zone is unknown).</summary>
    public static DateTime LocalNow(DateTimeOffset now, string timeZone)
    {
        return TimeZoneInfo.ConvertTime(now, OrganisationCalendar.Zone(timeZone)).DateTime;
    }

    /// <summary>ISO day of week, 1 = Monday .. 7 = Sunday.</summary>
    public static int IsoDay(DateTime local) => ((int)local.DayOfWeek + 6) % 7 + 1;

    /// <summary>The slots covering <paramref name="local"/>: today's, and tomorrow's early one when today is nearly over.</summary>
    public static IReadOnlyList<(int IsoDay, int StartMinute, int DurationMinutes)> Current(DateTime local)
    {
        var minute = local.Hour * 60 + local.Minute;
        var start = Math.Max(0, (minute - LeadMinutes) / 5 * 5);
        var today = IsoDay(local);
        var slots = new List<(int, int, int)> { (today, start, MinutesPerDay - start) };
        if (MinutesPerDay - minute < NextDayMinutes)
        {
            slots.Add((today % 7 + 1, 0, NextDayMinutes));
        }

        return slots;
    }

    /// <summary>A day that is never today: three days on (Hare's out-of-schedule slot).</summary>
    public static int OtherDay(DateTime local) => (IsoDay(local) + 2) % 7 + 1;
}
