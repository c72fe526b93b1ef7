using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>A badge was refused: why, and the rule that refused it (e.g. <c>R-ESCORT</c>), when one did.</summary>
public sealed record BadgeRefused(DateTimeOffset OccurredAt, string Reader, RefusalReason Reason, string? HolderId, string? RuleId = null) : RoomEvent(OccurredAt);
