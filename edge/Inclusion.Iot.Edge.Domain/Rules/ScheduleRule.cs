using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>
/// R-SCHED: a correctional session (individual or group) falls in one of the pupil's approved slots for this room: it may
/// begin from the policy's tolerance before a slot's start (preset 10 minutes) until the slot's end, in the organisation's
/// local time. A slot may run past midnight. Unloading (R-UNLOAD) and open use (R-OPEN) follow no schedule. Overridable
/// with a reason by a specialist with the override permission.
/// </summary>
public sealed class ScheduleRule : IAdmissionRule
{
    public string RuleId => RuleIds.Schedule;

    public bool Overridable => true;

    public RefusalReason? Refuse(Admission admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        if (!admission.Kind.IsCorrectional()) return null;
        return SlotAt(admission.Pupil.Schedule, admission.Now, admission.Snapshot.TimeZone, admission.Snapshot.Rules.Schedule) is null
            ? RefusalReason.OutsideSchedule
            : null;
    }

    /// <summary>The slot a session beginning at <paramref name="now"/> falls in (with the tolerance), or null.</summary>
    public static ScheduleSlot? SlotAt(IEnumerable<ScheduleSlot> schedule, DateTimeOffset now, string timeZone, SchedulePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(policy);
        var today = OrganisationTime.Local(now, timeZone).Date;
        foreach (var slot in schedule)
        {
            if (slot.DurationMinutes <= 0) continue;
            // Today's occurrence, and yesterday's for a slot that runs past midnight; tomorrow's for the tolerance before it.
            for (var offset = -1; offset <= 1; offset++)
            {
                var date = today.AddDays(offset);
                if (OrganisationTime.IsoDay(date.DayOfWeek) != slot.IsoDayOfWeek) continue;
                var start = OrganisationTime.At(date.AddMinutes(slot.StartMinute), timeZone);
                if (now >= start - policy.Tolerance && now < start.AddMinutes(slot.DurationMinutes)) return slot;
            }
        }

        return null;
    }
}
