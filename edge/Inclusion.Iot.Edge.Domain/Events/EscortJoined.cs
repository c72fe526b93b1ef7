namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>A further escort joined a running session.</summary>
public sealed record EscortJoined(DateTimeOffset OccurredAt, string SessionId, string StaffId) : RoomEvent(OccurredAt);
