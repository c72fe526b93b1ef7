using System.Globalization;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Programmes;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Server.Api.Pages.Programmes;

/// <summary>How the programme pages write dates, days, staff, rooms and refusals in the reader's language.</summary>
public static class ProgrammeText
{
    /// <summary>A calendar day of the organisation (already in its zone), in the reader's culture.</summary>
    public static string Date(DateOnly? day) => day?.ToString("d", CultureInfo.CurrentCulture) ?? "—";

    /// <summary>The value of a date input: ISO, whatever the culture.</summary>
    public static string DateValue(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>ISO day 1 = Monday .. 7 = Sunday, by its name in the reader's culture.</summary>
    public static string DayName(int isoDay) =>
        isoDay is >= 1 and <= 7 ? CultureInfo.CurrentCulture.DateTimeFormat.GetDayName((DayOfWeek)(isoDay % 7)) : "?";

    public static string Slot(ScheduleSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return $"{DayName(slot.IsoDayOfWeek)} {ProgrammeRecords.Clock(slot.StartMinute)}–{ProgrammeRecords.Clock(Math.Min(24 * 60, slot.StartMinute + slot.DurationMinutes))}";
    }

    public static string StaffName(IEnumerable<StaffMember> staff, string? staffId) =>
        staffId is null ? "—" : staff.FirstOrDefault(s => s.Id == staffId)?.DisplayName ?? staffId;

    public static string RoomName(IEnumerable<Room> rooms, string? roomId) =>
        roomId is null ? "—" : rooms.FirstOrDefault(r => r.Id == roomId)?.Name ?? roomId;

    /// <summary>A refusal's reason (resource <c>Programme_Error_{Code}</c> with its arguments).</summary>
    public static string Problem(IStringLocalizer t, ProgrammeProblem problem)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(problem);
        return t["Programme_Error_" + problem.Code, problem.Arguments];
    }
}
