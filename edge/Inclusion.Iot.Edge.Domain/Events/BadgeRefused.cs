using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

public sealed record BadgeRefused(DateTimeOffset OccurredAt, string Reader, RefusalReason Reason, string? HolderId) : RoomEvent(OccurredAt);
