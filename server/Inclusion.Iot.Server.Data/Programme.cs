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

    public List<ProgrammeEntry> Entries { get; } = [];
}
