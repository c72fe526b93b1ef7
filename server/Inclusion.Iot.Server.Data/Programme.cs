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

    public List<ProgrammeEntry> Entries { get; } = [];
}
