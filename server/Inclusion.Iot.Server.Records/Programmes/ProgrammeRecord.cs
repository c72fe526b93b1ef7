using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>
/// One programme as its page shows it: the pupil (untracked), the programme with its services and their slots, the named
/// tutor and assistant, the pupil's slots that no service names, the organisation's staff and rooms (for names and the
/// edit form's choices), its zone and today's day there.
/// </summary>
public sealed record ProgrammeRecord(
    Pupil Pupil,
    Programme Programme,
    string? TutorStaffId,
    string? AssistantStaffId,
    IReadOnlyList<ScheduleSlot> OtherSlots,
    IReadOnlyList<StaffMember> Staff,
    IReadOnlyList<Room> Rooms,
    string TimeZone,
    DateOnly Today)
{
    public int? DaysOverdue => ReviewRule.DaysOverdue(Programme.NextReviewOn, Programme.PeriodEnd, Today);
}
