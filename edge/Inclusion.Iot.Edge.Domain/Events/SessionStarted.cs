using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>A session began: its kind, first pupils and escorts, planned length and the scene its pupils' profiles give.</summary>
public sealed record SessionStarted(
    DateTimeOffset OccurredAt,
    string SessionId,
    SessionKind Kind,
    IReadOnlyList<string> PupilIds,
    IReadOnlyList<string> EscortStaffIds,
    int PlannedMinutes,
    int BrightnessPercent,
    int ColourTemperatureKelvin,
    IReadOnlyList<string> ProgrammeEntryIds) : RoomEvent(OccurredAt)
{
    /// <summary>The rule that shortened the planned length (R-ADAPT), or null.</summary>
    public string? PlannedLimitedBy { get; init; }
}
