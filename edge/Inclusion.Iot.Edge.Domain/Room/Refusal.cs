namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>The last refusal, kept for the wall panel.</summary>
public sealed record Refusal(RefusalReason Reason, string? HolderId, DateTimeOffset At, string? RuleId = null);
