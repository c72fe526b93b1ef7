namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>An escort left a running session that still has another escort (the last escort leaving ends it).</summary>
public sealed record EscortLeft(DateTimeOffset OccurredAt, string SessionId, string StaffId) : RoomEvent(OccurredAt);
