namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>
/// One of the room's rules on letting a pupil in: a pure function of the admission (state, configuration, input, time).
/// A refusal names the rule (<see cref="RuleId"/>) and the reason the panel shows.
/// </summary>
public interface IAdmissionRule
{
    string RuleId { get; }

    Room.RefusalReason? Refuse(Admission admission);
}
