namespace Inclusion.Iot.Server.Data;

/// <summary>
/// A pupil with special educational needs. <see cref="Id"/> is pseudonymous; <see cref="FullName"/> stays on
/// the server and is never sent to an edge or written to a log.
/// </summary>
public sealed class Pupil : IConfigurationRecord
{
    public required string Id { get; set; }

    public required string OrganisationId { get; set; }

    /// <summary>A first name, nickname or pictogram label for the wall panel.</summary>
    public required string DisplayName { get; set; }

    public required string FullName { get; set; }

    /// <summary>1..5 (004 Annex 1).</summary>
    public int SupportLevel { get; set; }

    public SensoryProfile SensoryProfile { get; set; } = new();

    /// <summary>R-WEEK.</summary>
    public int WeeklySessionLimit { get; set; }

    /// <summary>R-ESCORT: only an assigned tutor may escort this pupil.</summary>
    public bool RequiresPersonalTutor { get; set; }

    /// <summary>
    /// D-IPR (004 §17, Annex 3 item 7): the programme asks for a pupil's assistant (a parent, a person they authorise, a
    /// social worker); who it is, is a <see cref="StaffAssignment"/> of a staff member with <see cref="StaffRole.PupilAssistant"/>.
    /// Server side only: the edge's R-ESCORT already lets an assistant escort only the pupils assigned to it.
    /// </summary>
    public bool RequiresAssistant { get; set; }

    /// <summary>R-DUR: planned length of an individual session.</summary>
    public int IndividualSessionMinutes { get; set; }

    public required byte[] BadgeHash { get; set; }

    public List<Programme> Programmes { get; } = [];

    public List<ScheduleSlot> Schedule { get; } = [];
}
