namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>
/// One weekly slot of a service's timetable as a form posts it: an existing slot (<see cref="Id"/>) or a new one; a row
/// with neither a day nor a start is an empty row and is ignored.
/// </summary>
public sealed class SlotDraft
{
    public int? Id { get; set; }

    /// <summary>Remove this existing slot.</summary>
    public bool Remove { get; set; }

    /// <summary>ISO day of week, 1 = Monday .. 7 = Sunday.</summary>
    public int? Day { get; set; }

    /// <summary>Local start, <c>HH:mm</c> in the organisation's time zone.</summary>
    public string? Start { get; set; }

    /// <summary>Minutes; empty takes the service's minutes per session.</summary>
    public int? DurationMinutes { get; set; }

    internal bool IsEmpty => Id is null && Day is null && string.IsNullOrWhiteSpace(Start);
}
