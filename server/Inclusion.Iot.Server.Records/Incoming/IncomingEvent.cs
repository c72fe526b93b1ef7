namespace Inclusion.Iot.Server.Records.Incoming;

/// <summary>One uploaded event: its envelope, its kind and bytes as they are stored raw, and its body for the projections.</summary>
/// <param name="Sequence">Per edge, contiguous from 1.</param>
/// <param name="EdgeOccurredAt">What the edge's wall clock said (UTC); null when it sent none.</param>
/// <param name="MonotonicMs">Milliseconds since the edge process started (reset at every start, which emits EdgeStarted).</param>
/// <param name="ClockSynchronised">False when the edge's wall clock was not known to be right.</param>
/// <param name="Kind">The contract's body case name, e.g. <c>SessionStarted</c>: <c>raw_events.kind</c>.</param>
/// <param name="Payload">The event's bytes as the edge sent them: <c>raw_events.payload</c>, the source of truth.</param>
/// <param name="Body">What the projections read.</param>
public sealed record IncomingEvent(
    long Sequence,
    DateTime? EdgeOccurredAt,
    long MonotonicMs,
    bool ClockSynchronised,
    string Kind,
    ReadOnlyMemory<byte> Payload,
    EventBody Body);
