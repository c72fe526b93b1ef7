using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>An escort arrived and the alert cleared; <paramref name="SecondsToClear"/> since it was raised.</summary>
public sealed record AlertCleared(DateTimeOffset OccurredAt, AlertKind Kind, DateTimeOffset RaisedAt, int SecondsToClear, string? StaffId) : RoomEvent(OccurredAt);
