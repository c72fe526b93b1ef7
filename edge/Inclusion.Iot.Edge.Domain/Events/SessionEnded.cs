using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>A session ended: why, how long it actually ran and how far past its planned end (the overrun is recorded).</summary>
public sealed record SessionEnded(
    DateTimeOffset OccurredAt, string SessionId, SessionEndReason Reason, int ActualSeconds, string? EndedByStaffId, int OverrunSeconds = 0)
    : RoomEvent(OccurredAt);
