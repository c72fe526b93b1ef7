namespace Inclusion.Iot.Server.Data;

/// <summary>Every event an edge uploaded, exactly once per (edge, sequence), as the protobuf bytes it sent.</summary>
public sealed class RawEvent
{
    public long Id { get; set; }

    public required string EdgeId { get; set; }

    public long Sequence { get; set; }

    /// <summary>The event body's name, e.g. <c>SessionStarted</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>When it happened as the server places it (see <see cref="ClockSource"/>).</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>What the edge's wall clock said (kept even when it was not synchronised); null when it sent none.</summary>
    public DateTime? EdgeOccurredAt { get; set; }

    public ClockSource ClockSource { get; set; } = ClockSource.Edge;

    public DateTime ReceivedAt { get; set; }

    public required byte[] Payload { get; set; }
}
