namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>The room's admission rules, in the order they are asked: the first refusal is the one recorded.</summary>
public static class AdmissionRules
{
    public static readonly IReadOnlyList<IAdmissionRule> Standard = [new EscortAdmissionRule(), new CapacityRule(), new GroupSizeRule(), new ScheduleRule(), new WeeklyLimitRule()];

    /// <summary>The first rule that refuses, and why; null when every rule lets the pupil in.</summary>
    public static (string RuleId, Room.RefusalReason Reason)? FirstRefusal(IEnumerable<IAdmissionRule> rules, Admission admission)
    {
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var rule in rules)
        {
            if (rule.Overridable && admission.Overridden.Contains(rule.RuleId)) continue;
            if (rule.Refuse(admission) is { } reason) return (rule.RuleId, reason);
        }

        return null;
    }

    /// <summary>The breaches the rules let through for an admission they allowed (rules set aside by an override warn of nothing).</summary>
    public static IReadOnlyList<RuleWarning> Warnings(IEnumerable<IAdmissionRule> rules, Admission admission)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(admission);
        return [.. rules.Where(r => !admission.Overridden.Contains(r.RuleId)).Select(r => r.Warn(admission)).OfType<RuleWarning>()];
    }
}
