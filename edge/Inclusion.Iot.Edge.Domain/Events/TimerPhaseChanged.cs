using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

public sealed record TimerPhaseChanged(DateTimeOffset OccurredAt, string SessionId, TimerPhase Phase) : RoomEvent(OccurredAt);
