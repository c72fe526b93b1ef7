using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>R-ESCORT, never overridable: among the escorts who could bring the pupil in, one may escort this pupil.</summary>
public sealed class EscortAdmissionRule : IAdmissionRule
{
    public string RuleId => RuleIds.Escort;

    public RefusalReason? Refuse(Admission admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        if (ConfigurationStale(admission.Snapshot, admission.Now)) return RefusalReason.ConfigurationStale;
        if (admission.Escorts.Count == 0) return RefusalReason.EscortRequired;
        return admission.Escorts.Any(e => EscortRule.MayEscort(e, admission.Pupil)) ? null : RefusalReason.NotPermitted;
    }

    /// <summary>
    /// Offline: escort permissions from the cached configuration are honoured for the policy's days after the server last
    /// answered (preset 14); past them nobody escorts until the edge syncs again. A snapshot that never recorded when it was
    /// current is honoured.
    /// </summary>
    public static bool ConfigurationStale(Configuration.RoomSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.CurrentAsOf is { } current && now - current > snapshot.Rules.Offline.EscortPermissionAge;
    }
}
