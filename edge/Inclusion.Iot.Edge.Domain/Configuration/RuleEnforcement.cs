namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>How a rule the organisation may soften acts when it is broken.</summary>
public enum RuleEnforcement
{
    /// <summary>The pupil is refused (an overridable rule still offers its override).</summary>
    Refuse,
    /// <summary>The pupil is admitted; the breach is recorded (rule_warned) and shown on the panel.</summary>
    Warn,
}
