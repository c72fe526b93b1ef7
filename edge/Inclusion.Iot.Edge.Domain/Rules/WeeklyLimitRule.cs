using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>
/// R-WEEK: a correctional session (individual or group; not unloading or open use) is refused once the pupil has had the
/// week's limit for their support level (or the programme's lower number). The week is the ISO week in the organisation's
/// time zone. The count is the server's for the organisation's other rooms at the last sync plus this room's own sessions
/// this week (its session log, which a restart keeps and an abort takes out). Overridable with a reason.
/// </summary>
public sealed class WeeklyLimitRule : IAdmissionRule
{
    public string RuleId => RuleIds.Week;

    public bool Overridable => true;

    public RefusalReason? Refuse(Admission admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        if (!IsCorrectional(admission.Kind)) return null;
        var pupil = admission.Pupil;
        if (admission.Snapshot.Rules.Weekly.LimitFor(pupil.SupportLevel, pupil.WeeklySessionLimit) is not { } limit) return null;
        return Count(admission) >= limit ? RefusalReason.WeeklyLimit : null;
    }

    /// <summary>The pupil's correctional sessions this week, everywhere in the organisation as far as this edge knows.</summary>
    public static int Count(Admission admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        var weekStart = WeekStart(admission.Now, admission.Snapshot.TimeZone);
        var elsewhere = admission.Snapshot.IssuedAt is { } issued && issued >= weekStart ? admission.Pupil.SessionsThisWeekElsewhere : 0;
        var here = admission.State.SessionLog
            .Where(c => c.PupilId == admission.Pupil.PupilId && IsCorrectional(c.Kind) && c.StartedAt >= weekStart)
            .Select(c => c.SessionId)
            .Distinct(StringComparer.Ordinal)
            .Count(id => admission.Session?.SessionId != id);
        return elsewhere + here;
    }

    /// <summary>Monday 00:00 of the ISO week that holds <paramref name="now"/>, in the zone (UTC when the zone is unknown).</summary>
    public static DateTimeOffset WeekStart(DateTimeOffset now, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var daysSinceMonday = ((int)local.DayOfWeek + 6) % 7;
        var midnight = local.Date.AddDays(-daysSinceMonday);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }

    private static bool IsCorrectional(SessionKind kind) => kind is SessionKind.Individual or SessionKind.Group;
}
