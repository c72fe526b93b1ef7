namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>
/// One of the room's rules on letting a pupil in: a pure function of the admission (state, configuration, input, time).
/// A refusal names the rule (<see cref="RuleId"/>) and the reason the panel shows.
/// </summary>
public interface IAdmissionRule
{
    string RuleId { get; }

    /// <summary>Whether a staff member with the override permission may set the refusal aside with a typed reason (R-ESCORT never).</summary>
    bool Overridable => false;

    Room.RefusalReason? Refuse(Admission admission);

    /// <summary>A breach this rule lets through (warn mode) and records; null when there is none.</summary>
    RuleWarning? Warn(Admission admission) => null;
}
