using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

public sealed record DeviceInputRejected(DateTimeOffset OccurredAt, string Device, string Topic, string Reason) : RoomEvent(OccurredAt);
