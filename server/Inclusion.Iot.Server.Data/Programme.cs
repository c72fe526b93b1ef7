namespace Inclusion.Iot.Server.Data;

/// <summary>A pupil's individual development programme (D-IPR): the period and what it plans.</summary>
public sealed class Programme : IConfigurationRecord
{
    public required string Id { get; set; }

    public required string OrganisationId { get; set; }

    public required string PupilId { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    /// <summary>D-IPR: reviewed at least twice a year.</summary>
    public DateOnly NextReviewOn { get; set; }

    /// <summary>D-IPR: the day of the last review, null before the first (then the period's start counts).</summary>
    public DateOnly? LastReviewedOn { get; set; }

    /// <summary>R-ADAPT: the first day of the adaptation period (week 1), in the organisation's zone; null when there is none.</summary>
    public DateOnly? AdaptationStartsOn { get; set; }

    /// <summary>R-ADAPT: the cap in minutes per visit for week 1, 2, …; after the last week no cap applies.</summary>
    public List<int> AdaptationMinutesByWeek { get; set; } = [];

    /// <summary>
    /// D-IPR environment adaptations beyond the sensory profile (seclusion and its frequency and place, visual schedule,
    /// extra time, movement breaks, rewards, attention aids), in the programme's own words; server side only.
    /// </summary>
    public string? Adaptations { get; set; }

    /// <summary>
    /// Optimistic concurrency: raised by every change of the programme (or of its pupil's record, services or timetable through
    /// it), and checked in the UPDATE, so two people editing it at once cannot silently overwrite each other.
    /// </summary>
    public int Version { get; set; } = 1;

    public List<ProgrammeEntry> Entries { get; } = [];
}
