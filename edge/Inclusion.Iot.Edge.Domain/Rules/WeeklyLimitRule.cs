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

    public RefusalReason? Refuse(Admission admission) =>
        Breach(admission) is not null && admission.Snapshot.Rules.Weekly.Enforcement == Configuration.RuleEnforcement.Refuse ? RefusalReason.WeeklyLimit : null;

    public RuleWarning? Warn(Admission admission) =>
        Breach(admission) is { } breach && admission.Snapshot.Rules.Weekly.Enforcement == Configuration.RuleEnforcement.Warn
            ? new RuleWarning(RuleId, RefusalReason.WeeklyLimit, breach.Count, breach.Limit)
            : null;

    /// <summary>The week's count before this session and the pupil's limit, when the pupil is already at it.</summary>
    private static (int Count, int Limit)? Breach(Admission admission) =>
        Standing(admission) is { Limit: { } limit } standing && standing.Count >= limit ? (standing.Count, limit) : null;

    /// <summary>
    /// For the panel's "3 of 4 this week": the pupil's correctional sessions this week before this one, and their limit
    /// (null when their level sets none); null for a session that does not count.
    /// </summary>
    public static (int Count, int? Limit)? Standing(Admission admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        if (!admission.Kind.IsCorrectional()) return null;
        var pupil = admission.Pupil;
        return (Count(admission), admission.Snapshot.Rules.Weekly.LimitFor(pupil.SupportLevel, pupil.WeeklySessionLimit));
    }

    /// <summary>The pupil's correctional sessions this week, everywhere in the organisation as far as this edge knows.</summary>
    public static int Count(Admission admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        var weekStart = WeekStart(admission.Now, admission.Snapshot.TimeZone);
        var elsewhere = admission.Snapshot.CountsAsOf is { } counted && counted >= weekStart ? admission.Pupil.SessionsThisWeekElsewhere : 0;
        var here = admission.State.SessionLog
            .Where(c => c.PupilId == admission.Pupil.PupilId && c.Kind.IsCorrectional() && c.StartedAt >= weekStart)
            .Select(c => c.SessionId)
            .Distinct(StringComparer.Ordinal)
            .Count(id => admission.Session?.SessionId != id);
        return elsewhere + here;
    }

    /// <summary>Monday 00:00 of the ISO week that holds <paramref name="now"/>, in the zone (UTC when the zone is unknown).</summary>
    public static DateTimeOffset WeekStart(DateTimeOffset now, string timeZone) => OrganisationTime.WeekStart(now, timeZone);

}
