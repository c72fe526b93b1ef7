using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>A rule in warn mode was broken by an admission it let through: recorded and shown, never silent.</summary>
public sealed record RuleWarning(string RuleId, RefusalReason Reason, int Count, int Limit);
