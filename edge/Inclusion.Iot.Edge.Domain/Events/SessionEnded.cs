using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

public sealed record SessionEnded(
    DateTimeOffset OccurredAt, string SessionId, SessionEndReason Reason, int ActualSeconds, string? EndedByStaffId) : RoomEvent(OccurredAt);
