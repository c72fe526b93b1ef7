namespace Inclusion.Iot.Edge.Domain.Occupancy;

/// <summary>The persisted state of occupancy fusion for one room. Immutable; every input yields a new value.</summary>
public sealed record OccupancyFusionState
{
    public static readonly OccupancyFusionState Initial = new();

    /// <summary>The room's occupancy as last announced.</summary>
    public bool Occupied { get; init; }

    /// <summary>When the current occupancy interval began (null while unoccupied).</summary>
    public DateTimeOffset? IntervalStartedAt { get; init; }

    /// <summary>The sensors that have contributed to the current interval, in the order they first did.</summary>
    public IReadOnlyList<string> IntervalSensors { get; init; } = [];

    /// <summary>Online sensors by name. A sensor that went offline is removed (and its readings are ignored).</summary>
    public IReadOnlyDictionary<string, SensorTrack> Sensors { get; init; } = new Dictionary<string, SensorTrack>();

    /// <summary>Sensors whose availability said offline; their readings are ignored until they are online again.</summary>
    public IReadOnlyList<string> OfflineSensors { get; init; } = [];

    /// <summary>The latest instant at which the fusion saw a sensor detecting someone (a lower bound of when detection ended).</summary>
    public DateTimeOffset? LastDetectionSeenAt { get; init; }

    /// <summary>True once someone was detected while every known door was closed; cleared when a door opens.</summary>
    public bool DoorHoldArmed { get; init; }
}
