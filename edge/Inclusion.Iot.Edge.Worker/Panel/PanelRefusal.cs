namespace Inclusion.Iot.Edge.Worker.Panel;

public sealed record PanelRefusal(string Reason, string Message, DateTimeOffset At, string? RuleId = null);
