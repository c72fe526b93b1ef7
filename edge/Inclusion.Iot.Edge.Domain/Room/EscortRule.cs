using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>
/// R-ESCORT: a specialist escorts any pupil; a pupil's assistant or tutor (assigned pupils) escorts only
/// the pupils assigned to them; a pupil who requires a personal tutor needs an escort who has them assigned.
/// </summary>
public static class EscortRule
{
    public static bool MayEscort(StaffCard escort, PupilCard pupil)
    {
        ArgumentNullException.ThrowIfNull(escort);
        ArgumentNullException.ThrowIfNull(pupil);
        if (!escort.CanEscort) return false;
        var assigned = escort.AssignedPupilIds.Contains(pupil.PupilId, StringComparer.Ordinal);
        if (pupil.RequiresPersonalTutor) return assigned;
        return !escort.IsAssignedEscort || assigned;
    }
}
