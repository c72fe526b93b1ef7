namespace Inclusion.Iot.Server.Data;

/// <summary>The occupancy projection: one row per interval the room was occupied (OccupancyIntervalStarted to
/// OccupancyIntervalEnded), keyed by the edge and the sequence of the event that opened it (the end's own sequence
/// when its start never arrived).</summary>
public sealed class OccupancyInterval
{
    public required string EdgeId { get; set; }

    public long Sequence { get; set; }

    public required string RoomId { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? EdgeStartedAt { get; set; }

    public ClockSource ClockSource { get; set; } = ClockSource.Edge;

    /// <summary>Null while the room is occupied.</summary>
    public DateTime? EndedAt { get; set; }

    public DateTime? EdgeEndedAt { get; set; }

    public long? EndedSequence { get; set; }

    /// <summary>The sensors that detected someone, comma-separated, in order, distinct.</summary>
    public string Sensors { get; set; } = string.Empty;

    /// <summary>The interval's length in whole seconds; null while it runs.</summary>
    public int? Seconds { get; set; }
}
