namespace Inclusion.Iot.Edge.Worker.Storage;

/// <summary>
/// One recorded event: its per-edge sequence and the serialized contract <c>EdgeEvent</c> (without the sequence).
/// <paramref name="OccurredAt"/> is null when the row's recorded time is unreadable.
/// </summary>
public sealed record OutboxEntry(long Sequence, string Kind, byte[] Payload, DateTimeOffset? OccurredAt = null);
