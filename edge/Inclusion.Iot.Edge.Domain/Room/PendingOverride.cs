namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>
/// A pupil refused by an overridable rule (R-WEEK): until <paramref name="Until"/>, a specialist with the override
/// permission among <paramref name="EscortStaffIds"/> may set the rule aside on the panel with a typed reason.
/// </summary>
public sealed record PendingOverride(string PupilId, string DisplayName, string Reader, string RuleId, IReadOnlyList<string> EscortStaffIds, DateTimeOffset Until);
