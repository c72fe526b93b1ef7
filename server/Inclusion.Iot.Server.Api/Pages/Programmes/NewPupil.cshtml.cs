using Inclusion.Iot.Server.Api.Records;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Configuration;
using Inclusion.Iot.Server.Records.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Server.Api.Pages.Programmes;

/// <summary>A new pupil with a first programme (D-IPR: drawn up within two weeks). The badge UID is hashed and forgotten.</summary>
[Authorize(Policy = AccessPolicies.EditPupilRecords)]
public sealed class NewPupilModel(ServerDbContext db, ProgrammeRecords programmes, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public ProgrammeDraft Draft { get; set; } = new();

    public IReadOnlyList<StaffMember> Staff { get; private set; } = [];

    public IReadOnlyList<Room> Rooms { get; private set; } = [];

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public ProgrammeForm Form => new(Draft, Staff, Rooms, IsNew: true);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var zone = await ChoicesAsync(cancellationToken);
        var today = OrganisationCalendar.Today(time.GetUtcNow(), zone);
        Draft = new ProgrammeDraft { PeriodStart = today, PeriodEnd = today.AddYears(1).AddDays(-1) };
        Draft.Services.Add(new ServiceDraft { RoomId = Rooms.FirstOrDefault()?.Id, RoomKind = Rooms.FirstOrDefault()?.Kind ?? RoomKind.Sensory });
        ProgrammeForm.AddBlankRows(Draft);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var programme = await programmes.CreateAsync(AuditEndpoints.Actor(HttpContext), Draft, cancellationToken);
            return Redirect($"/programmes/{Uri.EscapeDataString(programme.Id)}?done=created");
        }
        catch (ProgrammeRefusedException refused)
        {
            Errors = [.. refused.Problems.Select(p => ProgrammeText.Problem(t, p))];
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        // The UID is not shown back (the field is always empty), so a refused form asks for it again.
        Draft.BadgeUid = null;
        await ChoicesAsync(cancellationToken);
        ProgrammeForm.AddBlankRows(Draft);
        return Page();
    }

    private async Task<string> ChoicesAsync(CancellationToken cancellationToken)
    {
        var (staff, rooms, zone) = await programmes.ChoicesAsync(db.AccessScope.OrganisationId ?? string.Empty, cancellationToken);
        Staff = staff;
        Rooms = rooms;
        return zone;
    }
}
