namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>The session was extended on the panel by <paramref name="AddedMinutes"/>; <paramref name="PlannedMinutes"/> is the new length.</summary>
public sealed record SessionExtended(DateTimeOffset OccurredAt, string SessionId, int AddedMinutes, int PlannedMinutes) : RoomEvent(OccurredAt);
