using Inclusion.Iot.Edge.Domain.Events;

namespace Inclusion.Iot.Edge.Domain.Occupancy;

/// <summary>
/// The room's occupancy flipped. Occupied: an interval started at <paramref name="StartedAt"/>. Unoccupied: the interval
/// from <paramref name="StartedAt"/> ended at <paramref name="EndedAt"/>. <paramref name="Sensors"/> as in the events.
/// </summary>
public sealed record OccupancyChange(bool Occupied, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, IReadOnlyList<string> Sensors)
{
    /// <summary>The event to record: <see cref="OccupancyIntervalStarted"/> or <see cref="OccupancyIntervalEnded"/>.</summary>
    public RoomEvent Event => Occupied
        ? new OccupancyIntervalStarted(StartedAt, Sensors)
        : new OccupancyIntervalEnded(EndedAt ?? StartedAt, StartedAt, Sensors);
}
