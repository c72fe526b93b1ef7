using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inclusion.Iot.Server.Api.Pages.Programmes;

/// <summary>The organisation's pupils with their current programme and next review, overdue reviews first in an alert (D-IPR).</summary>
[Authorize(Policy = AccessPolicies.ReadPupilRecords)]
public sealed class IndexModel(ServerDbContext db, ProgrammeRecords programmes, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<ProgrammeListing> Pupils { get; private set; } = [];

    public IReadOnlyList<ProgrammeListing> Overdue { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Pupils = await programmes.ListAsync(db.AccessScope.OrganisationId ?? string.Empty, cancellationToken);
        Overdue = OverdueOf(Pupils);
        CanEdit = (await authorization.AuthorizeAsync(User, AccessPolicies.EditPupilRecords)).Succeeded;
    }

    /// <summary>The overdue ones, most overdue first.</summary>
    public static IReadOnlyList<ProgrammeListing> OverdueOf(IEnumerable<ProgrammeListing> pupils) =>
        [.. pupils.Where(p => p.DaysOverdue is not null).OrderByDescending(p => p.DaysOverdue).ThenBy(p => p.DisplayName, StringComparer.CurrentCulture)];
}
