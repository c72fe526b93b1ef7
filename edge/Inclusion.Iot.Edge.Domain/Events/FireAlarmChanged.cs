namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>The fire-alarm input went active or quiet; while active every lock is released.</summary>
public sealed record FireAlarmChanged(DateTimeOffset OccurredAt, string Device, bool Active) : RoomEvent(OccurredAt);
