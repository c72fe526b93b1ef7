using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>
/// R-DUR: a session's planned length stays within its kind's bounds (individual 20–25, group 35–40 minutes as presets):
/// a planned length is brought within them, and an extension past the longest is refused.
/// </summary>
public static class DurationRule
{
    public const string RuleId = RuleIds.Duration;

    public static RefusalReason? RefuseExtension(RunningSession session, int addedMinutes, SessionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(policy);
        return policy.BoundsFor(session.Kind) is { } bounds && session.PlannedMinutes + addedMinutes > bounds.Max ? RefusalReason.DurationLimit : null;
    }
}
