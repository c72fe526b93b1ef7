namespace Inclusion.Iot.Server.Data;

/// <summary>Every event an edge uploaded, exactly once per (edge, sequence), as the protobuf bytes it sent.</summary>
public sealed class RawEvent
{
    public long Id { get; set; }

    public required string EdgeId { get; set; }

    public long Sequence { get; set; }

    /// <summary>The event body's name, e.g. <c>SessionStarted</c>.</summary>
    public required string Kind { get; set; }

    public DateTime OccurredAt { get; set; }

    public DateTime ReceivedAt { get; set; }

    public required byte[] Payload { get; set; }
}
