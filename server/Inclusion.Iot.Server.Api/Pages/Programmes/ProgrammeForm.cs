using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Programmes;

namespace Inclusion.Iot.Server.Api.Pages.Programmes;

/// <summary>What the create and edit forms show: the draft (posted or read), the organisation's staff and rooms, and the reasons of a refusal.</summary>
public sealed record ProgrammeForm(ProgrammeDraft Draft, IReadOnlyList<StaffMember> Staff, IReadOnlyList<Room> Rooms, bool IsNew)
{
    /// <summary>Blank rows, so a form without JavaScript can add a service and slots: saved only when filled in.</summary>
    public static void AddBlankRows(ProgrammeDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        foreach (var service in draft.Services)
        {
            while (service.Slots.Count(s => s.Id is null && s.Day is null && string.IsNullOrWhiteSpace(s.Start)) < 2)
            {
                service.Slots.Add(new SlotDraft());
            }
        }

        if (!draft.Services.Any(s => string.IsNullOrEmpty(s.Id) && string.IsNullOrWhiteSpace(s.Title)))
        {
            draft.Services.Add(new ServiceDraft { Slots = [new SlotDraft(), new SlotDraft()] });
        }
    }
}
