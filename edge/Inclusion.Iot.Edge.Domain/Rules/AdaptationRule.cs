using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>
/// R-ADAPT: a pupil in their programme's adaptation period stays at most the week's cap per visit (the cap rises over the
/// weeks as the programme says). A session with such a pupil is planned no longer than the lowest cap among its pupils, and
/// an extension past it is refused. The cap counts in the organisation's local weeks from the period's first day.
/// </summary>
public static class AdaptationRule
{
    public const string RuleId = RuleIds.Adaptation;

    /// <summary>The pupil's cap per visit today, if they are in their adaptation period.</summary>
    public static (int Minutes, int Week)? CapFor(PupilCard pupil, DateTimeOffset now, string timeZone)
    {
        ArgumentNullException.ThrowIfNull(pupil);
        return pupil.Adaptation?.CapOn(OrganisationTime.Today(now, timeZone));
    }

    /// <summary>A planned length brought down to the lowest cap among <paramref name="caps"/>; the rule id when it was.</summary>
    public static (int Minutes, string? LimitedBy) Capped(int planned, IEnumerable<int?> caps)
    {
        ArgumentNullException.ThrowIfNull(caps);
        var lowest = caps.OfType<int>().DefaultIfEmpty(int.MaxValue).Min();
        return lowest < planned ? (lowest, RuleId) : (planned, null);
    }

    public static RefusalReason? RefuseExtension(RunningSession session, int addedMinutes)
    {
        ArgumentNullException.ThrowIfNull(session);
        var lowest = session.Pupils.Select(p => p.CapMinutes).OfType<int>().DefaultIfEmpty(int.MaxValue).Min();
        return session.PlannedMinutes + addedMinutes > lowest ? RefusalReason.AdaptationCap : null;
    }
}
