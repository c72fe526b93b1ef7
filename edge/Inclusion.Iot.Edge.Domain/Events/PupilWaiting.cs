namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>R-ESCORT: a pupil badged with no escort at the door; nothing opens, the panel says "waiting for an escort".</summary>
public sealed record PupilWaiting(DateTimeOffset OccurredAt, string Reader, string PupilId) : RoomEvent(OccurredAt);
