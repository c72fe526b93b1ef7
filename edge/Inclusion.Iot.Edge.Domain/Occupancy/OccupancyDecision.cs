using Inclusion.Iot.Edge.Domain.Events;

namespace Inclusion.Iot.Edge.Domain.Occupancy;

/// <summary>
/// The outcome of one input: the new state and the occupancy changes, oldest first. Usually none or one; two when an
/// interval ran out unnoticed (no tick since) and this reading starts the next one.
/// </summary>
public sealed record OccupancyDecision(OccupancyFusionState State, IReadOnlyList<OccupancyChange> Changes)
{
    public IReadOnlyList<RoomEvent> Events => [.. Changes.Select(c => c.Event)];
}
