using Inclusion.Iot.Server.Api.Records;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Records.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Server.Api.Pages.Programmes;

/// <summary>
/// Editing a programme: the pupil's record, the period and review, the services and their timetable (adding and removing
/// rows without JavaScript: blank rows are saved when filled in). A change made on an older read is refused with a
/// "changed by someone else" message, never applied over the other person's.
/// </summary>
[Authorize(Policy = AccessPolicies.EditPupilRecords)]
public sealed class EditModel(ProgrammeRecords programmes, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public ProgrammeDraft Draft { get; set; } = new();

    public ProgrammeRecord Record { get; private set; } = null!;

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public bool Conflict { get; private set; }

    public ProgrammeForm Form => new(Draft, Record.Staff, Record.Rooms, IsNew: false);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var record = await programmes.LoadForEditAsync(AuditEndpoints.Actor(HttpContext), id, cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        Record = record;
        Draft = ProgrammeRecords.DraftOf(record);
        ProgrammeForm.AddBlankRows(Draft);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var actor = AuditEndpoints.Actor(HttpContext);
        var record = await programmes.LoadForEditAsync(actor, id, cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        Record = record;
        try
        {
            await programmes.UpdateAsync(actor, id, Draft, cancellationToken);
            return Redirect($"/programmes/{Uri.EscapeDataString(id)}?done=saved");
        }
        catch (ProgrammeRefusedException refused)
        {
            Errors = [.. refused.Problems.Select(p => ProgrammeText.Problem(t, p))];
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (ProgrammeConflictException)
        {
            Conflict = true;
            Errors = [t["Prog_Conflict"]];
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        ProgrammeForm.AddBlankRows(Draft);
        return Page();
    }
}
