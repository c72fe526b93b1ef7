namespace Inclusion.Iot.Edge.Domain.Occupancy;

/// <summary>What the fusion keeps of one online sensor: its last reported state and the instants its rule counts from.</summary>
public sealed record SensorTrack
{
    public SensorKind Kind { get; init; }

    /// <summary>The last reported state: motion, present, or door open.</summary>
    public bool Active { get; init; }

    /// <summary>Motion: the last motion report (every report is a new motion). Presence: when it last became present.</summary>
    public DateTimeOffset? ActiveAt { get; init; }

    /// <summary>
    /// Motion: when the PIR last reported clear after motion. Presence: when "not present" began after "present"
    /// (repeated "not present" reports do not move it). Null when the sensor has not been active since it was known.
    /// </summary>
    public DateTimeOffset? InactiveSince { get; init; }
}
