namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// R-ADAPT: a programme's adaptation period. Week 1 begins on <paramref name="StartsOn"/> (a local date in the organisation's
/// zone); <paramref name="MinutesByWeek"/> caps the minutes per visit in week 1, 2, ...; after its last week no cap applies.
/// </summary>
public sealed record Adaptation(DateOnly StartsOn, IReadOnlyList<int> MinutesByWeek)
{
    /// <summary>The cap per visit on a local date, and the week of the period it falls in; null outside the period.</summary>
    public (int Minutes, int Week)? CapOn(DateOnly today)
    {
        if (today < StartsOn) return null;
        var week = (today.DayNumber - StartsOn.DayNumber) / 7 + 1;
        if (week > MinutesByWeek.Count) return null;
        var minutes = MinutesByWeek[week - 1];
        return minutes > 0 ? (minutes, week) : null;
    }
}
