using System.Globalization;
using Inclusion.Iot.Server.Api.Records;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Server.Api.Pages;

/// <summary>
/// The audit log for administrators and auditors (<see cref="AccessPolicies.ReadAudit"/>), of their organisation only:
/// the filters of <see cref="AuditQueries"/> (time range typed in the organisation's zone, action, subject kind and id,
/// actor by user name or id), newest first, paged; the CSV export of the same filter; on request, a check of the whole
/// hash chain.
/// </summary>
[Authorize(Policy = AccessPolicies.ReadAudit)]
public sealed class AuditModel(AuditQueries audit, ServerDbContext db, IServiceScopeFactory scopes, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? SubjectKind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? SubjectId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Verify { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public long? NextBefore { get; private set; }

    public OrganisationTime Time { get; private set; } = new(TimeZoneInfo.Utc);

    public IReadOnlyDictionary<string, string> UserNames { get; private set; } = new Dictionary<string, string>();

    public string? Error { get; private set; }

    /// <summary>With <see cref="Verify"/>: the chain's check.</summary>
    public AuditVerification? Verification { get; private set; }

    /// <summary>The same filter in the CSV export's terms (UTC, account id).</summary>
    public string CsvUrl { get; private set; } = AuditEndpoints.CsvPath;

    public string ActorName(string actor) => UserNames.GetValueOrDefault(actor, actor);

    /// <summary>This page's query with <paramref name="before"/> for the next page.</summary>
    public string PageUrl(long before) => "/audit" + QueryString.Create(Query().Append(new("before", before.ToString(CultureInfo.InvariantCulture))));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Time = await OrganisationTime.OfAsync(db, cancellationToken);
        UserNames = await db.Accounts.AsNoTracking()
            .ToDictionaryAsync(a => a.Id.ToString(CultureInfo.InvariantCulture), a => a.UserName, StringComparer.Ordinal, cancellationToken);
        if (Verify)
        {
            // The chain spans every organisation: walked unscoped, only its verdict is shown.
            await using var system = scopes.CreateAsyncScope();
            system.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem();
            Verification = await new AuditVerifier(system.ServiceProvider.GetRequiredService<ServerDbContext>()).VerifyAsync(cancellationToken);
        }

        if (!TryFilter(out var filter, out var error))
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        CsvUrl = AuditEndpoints.CsvPath + QueryString.Create(CsvQuery(filter));
        var page = await audit.SearchAsync(filter, PageSize, Before is > 0 ? Before : null, cancellationToken);
        Entries = page.Entries;
        NextBefore = page.NextBefore;
        return Page();
    }

    private bool TryFilter(out AuditFilter filter, out string error)
    {
        filter = new AuditFilter();
        error = string.Empty;
        if (!AuditFilter.TryParseAction(Action, out var action))
        {
            error = t["Audit_BadField", t["Audit_Action"], Action!];
            return false;
        }

        if (!TryTime(From, out var from))
        {
            error = t["Audit_BadField", t["Audit_From"], From!];
            return false;
        }

        if (!TryTime(To, out var to))
        {
            error = t["Audit_BadField", t["Audit_To"], To!];
            return false;
        }

        if (Before is < 1)
        {
            error = t["Audit_BadField", "before", Before.Value];
            return false;
        }

        var actor = AuditFilter.Criterion(Actor);
        if (actor is not null && UserNames.FirstOrDefault(u => u.Value == actor) is { Key: { } id })
        {
            actor = id;
        }

        filter = new AuditFilter
        {
            // The policy admits organisation roles only; an account without an organisation sees nothing.
            OrganisationId = db.AccessScope.OrganisationId ?? string.Empty,
            Actor = actor,
            Action = action,
            SubjectKind = AuditFilter.Criterion(SubjectKind),
            SubjectId = AuditFilter.Criterion(SubjectId),
            From = from,
            To = to,
        };
        return true;
    }

    /// <summary>A <c>datetime-local</c> or date field, in the organisation's zone.</summary>
    private bool TryTime(string? text, out DateTime? utc)
    {
        utc = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        utc = Time.ToUtc(local);
        return utc is not null;
    }

    private List<KeyValuePair<string, string?>> Query() =>
    [
        .. new (string Key, string? Value)[]
        {
            ("from", From), ("to", To), ("action", Action), ("subjectKind", SubjectKind), ("subjectId", SubjectId), ("actor", Actor),
        }.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value!.Trim())),
    ];

    private static List<KeyValuePair<string, string?>> CsvQuery(AuditFilter filter) =>
    [
        .. new (string Key, string? Value)[]
        {
            ("actor", filter.Actor), ("action", filter.Action?.ToString()), ("subjectKind", filter.SubjectKind), ("subjectId", filter.SubjectId),
            ("from", filter.From?.ToString("O", CultureInfo.InvariantCulture)), ("to", filter.To?.ToString("O", CultureInfo.InvariantCulture)),
        }.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)),
    ];
}
