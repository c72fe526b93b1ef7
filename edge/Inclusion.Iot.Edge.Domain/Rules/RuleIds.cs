namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>The ids of domain.md's rules, carried by every refusal they make.</summary>
public static class RuleIds
{
    public const string Escort = "R-ESCORT";
    public const string Duration = "R-DUR";
    public const string Group = "R-GROUP";
    public const string Capacity = "R-CAP";
    public const string Week = "R-WEEK";
    public const string Schedule = "R-SCHED";
    public const string Adaptation = "R-ADAPT";
    public const string Unloading = "R-UNLOAD";
    public const string OpenUse = "R-OPEN";
}
