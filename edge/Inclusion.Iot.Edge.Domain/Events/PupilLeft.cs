namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>A pupil left a running session (badged out); the others go on.</summary>
public sealed record PupilLeft(DateTimeOffset OccurredAt, string SessionId, string PupilId) : RoomEvent(OccurredAt);
