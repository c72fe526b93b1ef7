namespace Inclusion.Iot.Server.Data;

/// <summary>What a rule decision was: a refusal (BadgeRefused), a breach admitted in warn mode (RuleWarned), or a
/// rule set aside by a specialist (RuleOverridden).</summary>
public enum DecisionKind
{
    Refused = 1,
    Warned = 2,
    Overridden = 3,
}
