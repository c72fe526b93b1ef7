namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>A person reset the fire-alarm latch on the panel, the alarm being quiet: the lock may hold again.</summary>
public sealed record FireAlarmReset(DateTimeOffset OccurredAt) : RoomEvent(OccurredAt);
