namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>
/// A pupil as the room sees them: pseudonymous id, panel display name, sensory profile, limits, this room's schedule,
/// the programme entry sessions in this kind of room fulfil (null when none), the current R-ADAPT period (null when
/// none) and R-WEEK's count of this week's correctional sessions in the organisation's other rooms.
/// </summary>
public sealed record ConfiguredPupil(
    string PupilId,
    string DisplayName,
    int SupportLevel,
    ConfiguredSensoryProfile SensoryProfile,
    int WeeklySessionLimit,
    ReadOnlyMemory<byte> BadgeHash,
    bool RequiresPersonalTutor,
    int IndividualSessionMinutes,
    int SessionsThisWeekElsewhere,
    string? ProgrammeEntryId,
    IReadOnlyList<ConfiguredScheduleSlot> Schedule,
    ConfiguredAdaptation? Adaptation);
