namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>
/// The room became unoccupied at <see cref="RoomEvent.OccurredAt"/> (the exact instant the last contribution ran out,
/// which may be before the tick that noticed it); <paramref name="Sensors"/> are all that contributed during the interval,
/// a door contact included when its hold kept the room occupied.
/// </summary>
public sealed record OccupancyIntervalEnded(DateTimeOffset OccurredAt, DateTimeOffset StartedAt, IReadOnlyList<string> Sensors)
    : RoomEvent(OccurredAt);
