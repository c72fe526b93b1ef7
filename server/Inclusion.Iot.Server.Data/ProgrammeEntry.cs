namespace Inclusion.Iot.Server.Data;

/// <summary>An additional session the programme plans (D-IPR: name, specialist, place, timetable).</summary>
public sealed class ProgrammeEntry : IConfigurationRecord
{
    public required string Id { get; set; }

    public required string OrganisationId { get; set; }

    public required string ProgrammeId { get; set; }

    /// <summary>What the entry is, in the programme's own words (server side only).</summary>
    public required string Title { get; set; }

    /// <summary>The kind of room that fulfils it.</summary>
    public RoomKind RoomKind { get; set; }

    public SessionKind SessionKind { get; set; }

    public int SessionsPerWeek { get; set; }

    public int MinutesPerSession { get; set; }

    /// <summary>D-IPR: the specialist who conducts it (one of the organisation's staff); null when not yet named.</summary>
    public string? StaffId { get; set; }

    /// <summary>D-IPR: the place, a room of the organisation of <see cref="RoomKind"/>; null when any such room will do.</summary>
    public string? RoomId { get; set; }

    /// <summary>D-IPR: its timetable, the weekly slots of the approved schedule (R-SCHED) that fulfil it.</summary>
    public List<ScheduleSlot> Slots { get; } = [];
}
