namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>A pupil as the room knows them: a pseudonymous id, a panel display name and the programme's adaptations.</summary>
public sealed record PupilCard
{
    public required string PupilId { get; init; }
    public required string DisplayName { get; init; }
    public required IReadOnlyList<byte> BadgeHash { get; init; }
    public bool RequiresPersonalTutor { get; init; }
    /// <summary>R-DUR: the planned length of an individual session from the programme (0: the policy's default).</summary>
    public int IndividualSessionMinutes { get; init; }
    public string ProgrammeEntryId { get; init; } = string.Empty;
    /// <summary>Support level 1..5 (0: unknown, no weekly limit from the level).</summary>
    public int SupportLevel { get; init; }
    /// <summary>R-WEEK: the programme's own weekly number of correctional sessions when lower than the level's (0: none).</summary>
    public int WeeklySessionLimit { get; init; }
    /// <summary>R-WEEK: correctional sessions this ISO week in the organisation's other rooms, as the server counted at the snapshot.</summary>
    public int SessionsThisWeekElsewhere { get; init; }
    /// <summary>R-SCHED: the pupil's approved weekly slots in this room.</summary>
    public IReadOnlyList<ScheduleSlot> Schedule { get; init; } = [];
    /// <summary>R-ADAPT: the programme's adaptation period, if it has one.</summary>
    public Adaptation? Adaptation { get; init; }
    public SensoryProfile Profile { get; init; } = new();

    /// <summary>R-OPEN: a pupil with no programme in this room (no entry, no slot) uses it in open use only.</summary>
    public bool HasProgramme => ProgrammeEntryId.Length > 0 || Schedule.Count > 0;
}
