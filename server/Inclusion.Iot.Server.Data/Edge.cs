namespace Inclusion.Iot.Server.Data;

/// <summary>A room's edge computer as the server knows it.</summary>
public sealed class Edge
{
    public required string Id { get; set; }

    public required string RoomId { get; set; }

    public DateTime? LastSeenAt { get; set; }

    public string? SoftwareVersion { get; set; }

    /// <summary>Every event of this edge up to and including this sequence is stored: contiguous from 1.</summary>
    public long HighWaterSequence { get; set; }

    /// <summary>The clock anchor: the placed time of the edge's last synchronised event in its current process run
    /// (null after an EdgeStarted or a monotonic step backwards until the next synchronised event).</summary>
    public DateTime? ClockAnchorAt { get; set; }

    /// <summary>The anchor event's monotonic_ms (milliseconds since the edge process started).</summary>
    public long? ClockAnchorMonotonicMs { get; set; }

    /// <summary>The monotonic_ms of the last stored event: a smaller one later means the process restarted.</summary>
    public long? LastMonotonicMs { get; set; }

    /// <summary>The sequence of the edge's last RuleOverridden: ingest looks for an override an upload's first
    /// admissions belong to only when it is that near (the override and its admission are one room decision).</summary>
    public long? LastOverrideSequence { get; set; }

    public Room? Room { get; set; }
}
