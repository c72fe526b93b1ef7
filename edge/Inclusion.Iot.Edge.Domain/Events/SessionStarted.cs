using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Events;

public sealed record SessionStarted(
    DateTimeOffset OccurredAt,
    string SessionId,
    IReadOnlyList<string> PupilIds,
    IReadOnlyList<string> EscortStaffIds,
    int PlannedMinutes,
    int BrightnessPercent,
    int ColourTemperatureKelvin,
    IReadOnlyList<string> ProgrammeEntryIds) : RoomEvent(OccurredAt);
