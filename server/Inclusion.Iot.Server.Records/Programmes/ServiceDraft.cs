using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>
/// A planned weekly service of a programme (D-IPR: name, specialist, place, timetable) as a form posts it: an existing
/// one (<see cref="Id"/>) or a new one; a new row without a title is an empty row and is ignored.
/// </summary>
public sealed class ServiceDraft
{
    public string? Id { get; set; }

    /// <summary>Remove this existing service and its timetable.</summary>
    public bool Remove { get; set; }

    public string? Title { get; set; }

    public RoomKind RoomKind { get; set; } = RoomKind.Sensory;

    public SessionKind SessionKind { get; set; } = SessionKind.Individual;

    public int SessionsPerWeek { get; set; } = 1;

    public int MinutesPerSession { get; set; } = 20;

    /// <summary>The specialist who conducts it; empty: not named yet.</summary>
    public string? StaffId { get; set; }

    /// <summary>The room; empty: any room of <see cref="RoomKind"/> (a service with a timetable needs one).</summary>
    public string? RoomId { get; set; }

    public List<SlotDraft> Slots { get; set; } = [];

    internal bool IsEmpty => string.IsNullOrEmpty(Id) && string.IsNullOrWhiteSpace(Title) && Slots.All(s => s.IsEmpty);
}
