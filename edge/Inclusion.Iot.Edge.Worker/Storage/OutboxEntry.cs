namespace Inclusion.Iot.Edge.Worker.Storage;

/// <summary>One recorded event: its per-edge sequence and the serialized contract <c>EdgeEvent</c> (without the sequence).</summary>
public sealed record OutboxEntry(long Sequence, string Kind, byte[] Payload);
