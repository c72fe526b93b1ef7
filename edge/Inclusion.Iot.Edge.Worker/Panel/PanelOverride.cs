namespace Inclusion.Iot.Edge.Worker.Panel;

/// <summary>A refusal the panel offers to override (with a typed reason): the rule, the pupil, the offer's text.</summary>
public sealed record PanelOverride(string RuleId, string Pupil, string Message);
