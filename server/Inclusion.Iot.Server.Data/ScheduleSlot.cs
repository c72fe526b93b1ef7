namespace Inclusion.Iot.Server.Data;

/// <summary>A weekly slot of a pupil's approved schedule (R-SCHED), in the organisation's local time.</summary>
public sealed class ScheduleSlot : IConfigurationRecord
{
    public int Id { get; set; }

    public required string OrganisationId { get; set; }

    public required string PupilId { get; set; }

    public required string RoomId { get; set; }

    /// <summary>ISO day of week, 1 = Monday .. 7 = Sunday.</summary>
    public int IsoDayOfWeek { get; set; }

    /// <summary>Minutes after local midnight.</summary>
    public int StartMinute { get; set; }

    public int DurationMinutes { get; set; }

    public SessionKind Kind { get; set; }

    public string? StaffId { get; set; }

    /// <summary>
    /// D-IPR: the programme's service this slot is timetabled for (the programme plans what the edge enforces); null for a
    /// slot of the schedule that no service names.
    /// </summary>
    public string? ProgrammeEntryId { get; set; }
}
