using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

public sealed record OccupancyChanged(DateTimeOffset OccurredAt, string Sensor, bool Occupied) : RoomEvent(OccurredAt);
