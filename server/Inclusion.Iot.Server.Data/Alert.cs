namespace Inclusion.Iot.Server.Data;

/// <summary>The alerts projection: one row per alert (AlertRaised, closed by the next AlertCleared of its kind), keyed
/// by the edge and the raising event's sequence (the clearing event's when the raise never arrived).</summary>
public sealed class Alert
{
    public required string EdgeId { get; set; }

    public long Sequence { get; set; }

    public required string RoomId { get; set; }

    public AlertKind Kind { get; set; }

    public DateTime RaisedAt { get; set; }

    public DateTime? EdgeRaisedAt { get; set; }

    public ClockSource ClockSource { get; set; } = ClockSource.Edge;

    /// <summary>Null while the alert stands.</summary>
    public DateTime? ClearedAt { get; set; }

    public DateTime? EdgeClearedAt { get; set; }

    public long? ClearedSequence { get; set; }

    public int? SecondsToClear { get; set; }

    /// <summary>The escort whose arrival cleared it.</summary>
    public string? ClearedByStaffId { get; set; }
}
