namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>The room became occupied; <paramref name="Sensors"/> are those that detected someone at that instant.</summary>
public sealed record OccupancyIntervalStarted(DateTimeOffset OccurredAt, IReadOnlyList<string> Sensors) : RoomEvent(OccurredAt);
