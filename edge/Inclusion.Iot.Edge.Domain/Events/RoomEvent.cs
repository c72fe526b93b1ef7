using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>
/// A fact the room records before anything happens outside. Each maps 1:1 to a body of the
/// contract's <c>EdgeEvent</c> (the worker adds sequence, room id and clock fields).
/// </summary>
public abstract record RoomEvent(DateTimeOffset OccurredAt);
