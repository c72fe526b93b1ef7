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
    public SensoryProfile Profile { get; init; } = new();
}
