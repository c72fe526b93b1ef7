using Inclusion.Iot.Server.Api.Extensions;
using Inclusion.Iot.Server.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Inclusion.Iot.Server.Records.Programmes;
using Inclusion.Iot.Server.Records.Sessions;
using Inclusion.Iot.Server.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Api.Pages;

/// <summary>
/// The first page of the signed-in organisation's staff: every pupil of their organisation with their sessions, running
/// ones first (policy <see cref="AccessPolicies.ReadPupilRecords"/>). A network coordinator is sent to the network page;
/// anyone else signed in is refused (403).
/// </summary>
public sealed class IndexModel(ServerDbContext db, SessionQueries sessions, ProgrammeRecords programmes, IAuthorizationService authorization) : PageModel
{
    public const int RefreshSeconds = 5;

    public IReadOnlyList<PupilSessions> Pupils { get; private set; } = [];

    public IReadOnlyDictionary<string, string> StaffNames { get; private set; } = new Dictionary<string, string>();

    public OrganisationTime Time { get; private set; } = new(TimeZoneInfo.Utc);

    /// <summary>D-IPR: the programmes whose twice-yearly review is overdue, most overdue first.</summary>
    public IReadOnlyList<ProgrammeListing> OverdueReviews { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, AccessPolicies.ReadPupilRecords)).Succeeded)
        {
            return (await authorization.AuthorizeAsync(User, AccessPolicies.ReadNetworkAggregates)).Succeeded
                ? RedirectToPage("/Network")
                : Forbid();
        }

        var pupils = await db.Pupils.AsNoTracking().OrderBy(p => p.DisplayName).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        var displayNames = pupils.ToDictionary(p => p.Id, p => p.DisplayName, StringComparer.Ordinal);
        var recent = await sessions.ListAsync(null, AdminSiteExtensions.SessionListLimit, displayNames, cancellationToken);
        var byPupil = recent.SelectMany(s => s.PupilIds, (session, pupilId) => (session, pupilId))
            .ToLookup(x => x.pupilId, x => x.session, StringComparer.Ordinal);
        StaffNames = await db.Staff.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.DisplayName, StringComparer.Ordinal, cancellationToken);
        Time = await OrganisationTime.OfAsync(db, cancellationToken);
        OverdueReviews = Programmes.IndexModel.OverdueOf(await programmes.ListAsync(db.AccessScope.OrganisationId ?? string.Empty, cancellationToken));

        Pupils = [.. pupils.Select(p => new PupilSessions(
            p.Id,
            p.DisplayName,
            p.FullName,
            p.SupportLevel,
            p.WeeklySessionLimit,
            p.RequiresPersonalTutor,
            [.. byPupil[p.Id].OrderBy(s => s.EndedAt is null ? 0 : 1).ThenByDescending(s => s.StartedAt)]))];
        return Page();
    }

    public string StaffName(string staffId) => StaffNames.GetValueOrDefault(staffId, staffId);
}
