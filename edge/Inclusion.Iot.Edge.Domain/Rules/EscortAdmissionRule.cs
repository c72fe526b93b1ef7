using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>R-ESCORT, never overridable: among the escorts who could bring the pupil in, one may escort this pupil.</summary>
public sealed class EscortAdmissionRule : IAdmissionRule
{
    public string RuleId => RuleIds.Escort;

    public RefusalReason? Refuse(Admission admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        if (admission.Escorts.Count == 0) return RefusalReason.EscortRequired;
        return admission.Escorts.Any(e => EscortRule.MayEscort(e, admission.Pupil)) ? null : RefusalReason.NotPermitted;
    }
}
