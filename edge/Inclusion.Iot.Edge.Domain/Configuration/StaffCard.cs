namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>A staff member as the room knows them: badge hash, permissions and (for assistants and tutors) assigned pupils.</summary>
public sealed record StaffCard
{
    public required string StaffId { get; init; }
    public required string DisplayName { get; init; }
    public required IReadOnlyList<byte> BadgeHash { get; init; }
    /// <summary>May escort pupils into the room (R-ESCORT).</summary>
    public bool CanEscort { get; init; }
    /// <summary>May set an overridable rule (R-WEEK, R-SCHED) aside with a typed reason.</summary>
    public bool CanOverride { get; init; }
    /// <summary>R-ESCORT: a pupil's assistant or tutor escorts only these pupils. Empty for specialists.</summary>
    public IReadOnlyList<string> AssignedPupilIds { get; init; } = [];

    public bool IsAssignedEscort => AssignedPupilIds.Count > 0;
}
