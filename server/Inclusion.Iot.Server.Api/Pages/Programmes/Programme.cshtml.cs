using Inclusion.Iot.Server.Api.Records;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Records.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Server.Api.Pages.Programmes;

/// <summary>
/// One programme, readable in full (D-IPR); every view is in the audit log (Read, with the reader and their address).
/// The review form posts here and needs <see cref="AccessPolicies.EditPupilRecords"/>. Another school's id is 404.
/// </summary>
[Authorize(Policy = AccessPolicies.ReadPupilRecords)]
public sealed class ProgrammeModel(ProgrammeRecords programmes, ProgrammeReviews reviews, IAuthorizationService authorization,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public ProgrammeRecord Record { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public string? Error { get; private set; }

    public string? Message { get; private set; }

    [BindProperty]
    public DateOnly? ReviewedOn { get; set; }

    public Task<IActionResult> OnGetAsync(string id, string? done, CancellationToken cancellationToken)
    {
        Message = done switch
        {
            "created" => t["Prog_Created"].Value,
            "saved" => t["Prog_Saved"].Value,
            "reviewed" => t["Prog_Reviewed"].Value,
            _ => null,
        };
        return ShowAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostReviewAsync(string id, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, AccessPolicies.EditPupilRecords)).Succeeded)
        {
            return Forbid();
        }

        var actor = AuditEndpoints.Actor(HttpContext);
        if (await programmes.LoadForEditAsync(actor, id, cancellationToken) is null)
        {
            return NotFound();
        }

        if (ReviewedOn is not { } day)
        {
            Error = t["Prog_ReviewDayRequired"];
        }
        else
        {
            try
            {
                await reviews.RecordReviewAsync(actor, id, day, cancellationToken);
                return Redirect($"/programmes/{Uri.EscapeDataString(id)}?done=reviewed");
            }
            catch (ArgumentException)
            {
                Error = t["Prog_ReviewOutside"];
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await ShowAsync(id, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(string id, CancellationToken cancellationToken)
    {
        var record = await programmes.ReadAsync(AuditEndpoints.Actor(HttpContext), id, cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        Record = record;
        CanEdit = (await authorization.AuthorizeAsync(User, AccessPolicies.EditPupilRecords)).Succeeded;
        return Page();
    }
}
