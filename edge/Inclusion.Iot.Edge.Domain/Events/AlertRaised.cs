using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>R-ESCORT: an alert was raised; <paramref name="Since"/> is when its condition began.</summary>
public sealed record AlertRaised(DateTimeOffset OccurredAt, AlertKind Kind, DateTimeOffset Since) : RoomEvent(OccurredAt);
