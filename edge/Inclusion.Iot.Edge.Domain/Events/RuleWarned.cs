using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>
/// A rule in warn mode (R-WEEK) was broken and the pupil admitted anyway: <paramref name="Count"/> sessions this week before
/// this one against a limit of <paramref name="Limit"/>.
/// </summary>
public sealed record RuleWarned(DateTimeOffset OccurredAt, string RuleId, string PupilId, string SessionId, RefusalReason Reason, int Count, int Limit)
    : RoomEvent(OccurredAt);
