using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

public sealed record DeviceAvailabilityChanged(DateTimeOffset OccurredAt, string Device, bool Online) : RoomEvent(OccurredAt);
