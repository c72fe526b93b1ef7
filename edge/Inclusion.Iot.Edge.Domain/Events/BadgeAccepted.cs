using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

public sealed record BadgeAccepted(DateTimeOffset OccurredAt, string Reader, BadgeHolderKind HolderKind, string HolderId) : RoomEvent(OccurredAt);
