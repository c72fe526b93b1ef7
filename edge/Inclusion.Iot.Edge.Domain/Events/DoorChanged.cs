namespace Inclusion.Iot.Edge.Domain.Events;

public sealed record DoorChanged(DateTimeOffset OccurredAt, string Device, bool Open) : RoomEvent(OccurredAt);
