using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>R-GROUP: a group session takes at most the policy's number of pupils (preset 8).</summary>
public sealed class GroupSizeRule : IAdmissionRule
{
    public string RuleId => RuleIds.Group;

    public RefusalReason? Refuse(Admission admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        return admission.Kind == SessionKind.Group && admission.PupilsAfter > admission.Snapshot.Rules.Sessions.MaxPupilsPerGroup
            ? RefusalReason.GroupFull
            : null;
    }
}
