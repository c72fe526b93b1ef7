using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>R-CAP: the room holds at most its capacity of pupils (the room's setting; preset 8).</summary>
public sealed class CapacityRule : IAdmissionRule
{
    public string RuleId => RuleIds.Capacity;

    public RefusalReason? Refuse(Admission admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        return admission.PupilsAfter > admission.Snapshot.PupilCapacity ? RefusalReason.RoomFull : null;
    }
}
