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
    public SensoryProfile Profile { get; init; } = new();
}
