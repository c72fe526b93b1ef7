using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>
/// Who is in the session changed what it is: an individual session became a group as a second pupil arrived, or the group's
/// most conservative scene changed as a pupil joined or left. Carries the kind, length and scene now in force.
/// </summary>
public sealed record SessionReplanned(
    DateTimeOffset OccurredAt, string SessionId, SessionKind Kind, int PlannedMinutes, int BrightnessPercent, int ColourTemperatureKelvin) : RoomEvent(OccurredAt)
{
    /// <summary>The rule that shortened the planned length (R-ADAPT), or null.</summary>
    public string? PlannedLimitedBy { get; init; }
}
