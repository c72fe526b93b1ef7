namespace Inclusion.Iot.Server.Data;

/// <summary>How a rule that may be set to warn acts when it is broken.</summary>
public enum RuleEnforcement
{
    /// <summary>The rule refuses entry (the shipped preset).</summary>
    Refuse = 1,

    /// <summary>The pupil is admitted; the edge records the breach as rule_warned and shows it on the panel.</summary>
    Warn = 2,
}
