using System.Globalization;
using System.Security.Claims;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Server.Api.Records;

/// <summary>
/// The audit log for administrators and auditors of an organisation (<see cref="AccessPolicies.ReadAudit"/>):
/// <c>GET /api/audit</c> (a page of entries, newest first, as JSON) and <c>GET /api/audit.csv</c> (every entry the
/// filter matches, streamed). Both take the same query: <c>actor</c>, <c>action</c> (an <see cref="AuditAction"/> name),
/// <c>subjectKind</c>, <c>subjectId</c>, <c>from</c> (inclusive) and <c>to</c> (exclusive) as ISO 8601 dates or times
/// (UTC unless they carry an offset); the page also <c>limit</c> (1..500) and <c>before</c> (the previous page's
/// <c>nextBefore</c>). The organisation is always the caller's own. An export is itself audited.
/// </summary>
public static class AuditEndpoints
{
    public const string ListPath = "/api/audit";
    public const string CsvPath = "/api/audit.csv";

    /// <summary>Entries per page when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 100;

    public static WebApplication MapAuditEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(ListPath, async (HttpContext http, AuditQueries audit, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken) =>
        {
            var query = http.Request.Query;
            if (!TryFilter(http, t, out var filter, out var refused))
            {
                return refused;
            }

            if (!Number(query["limit"], DefaultLimit, 1, AuditQueries.MaxLimit, out var limit))
            {
                return Problem(t, "limit", query["limit"]);
            }

            if (!Number(query["before"], 0, 1, long.MaxValue, out var before))
            {
                return Problem(t, "before", query["before"]);
            }

            var page = await audit.SearchAsync(filter, (int)limit, before == 0 ? null : before, cancellationToken);
            return Results.Ok(new AuditPageResponse([.. page.Entries.Select(AuditEntryResponse.From)], page.NextBefore));
        }).RequireAuthorization(AccessPolicies.ReadAudit);

        app.MapGet(CsvPath, async (HttpContext http, AuditQueries audit, AuditLog log, TimeProvider time, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken) =>
        {
            if (!TryFilter(http, t, out var filter, out var refused))
            {
                return refused;
            }

            var actor = Actor(http);
            await log.AppendAsync(actor, AuditAction.Export, AuditSubject.Audit, null, Describe(filter), cancellationToken);
            var day = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{filter.OrganisationId}-{day}.csv\"";
            await AuditCsv.WriteAsync(http.Response.Body, AuditCsvHeaders.For(t), audit.StreamAsync(filter), cancellationToken);
            return Results.Empty;
        }).RequireAuthorization(AccessPolicies.ReadAudit);
        return app;
    }

    /// <summary>Who is asking, as the audit log records an actor: the account, its role, its organisation, its address.</summary>
    public static AuditActor Actor(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        return new AuditActor(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? AuditActor.SystemActor,
            user.FindFirstValue(ClaimTypes.Role) ?? "none",
            user.FindFirstValue(AccessClaims.OrganisationId),
            SecurityExtensions.Origin(http));
    }

    /// <summary>The query's filter on the caller's organisation, or the 400 problem naming the parameter that is wrong.</summary>
    private static bool TryFilter(HttpContext http, IStringLocalizer<SharedResource> t, out AuditFilter filter, out IResult refused)
    {
        var query = http.Request.Query;
        filter = new AuditFilter();
        refused = Results.Empty;
        if (!AuditFilter.TryParseAction(query["action"], out var action))
        {
            refused = Problem(t, "action", query["action"]);
            return false;
        }

        DateTime? from = null, to = null;
        if (!Time(query["from"], ref from))
        {
            refused = Problem(t, "from", query["from"]);
            return false;
        }

        if (!Time(query["to"], ref to))
        {
            refused = Problem(t, "to", query["to"]);
            return false;
        }

        filter = new AuditFilter
        {
            // The policy admits organisation roles only; an account without an organisation sees nothing.
            OrganisationId = http.User.FindFirstValue(AccessClaims.OrganisationId) ?? string.Empty,
            Actor = AuditFilter.Criterion(query["actor"]),
            Action = action,
            SubjectKind = AuditFilter.Criterion(query["subjectKind"]),
            SubjectId = AuditFilter.Criterion(query["subjectId"]),
            From = from,
            To = to,
        };
        return true;
    }

    private static IResult Problem(IStringLocalizer<SharedResource> t, string name, string? value) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: t["Audit_BadQuery"], detail: t["Audit_BadParameter", name, value ?? string.Empty]);


    private static bool Number(string? text, long fallback, long min, long max, out long value)
    {
        value = fallback;
        return string.IsNullOrEmpty(text)
            || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }

    private static bool Time(string? text, ref DateTime? value)
    {
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        value = parsed.UtcDateTime;
        return true;
    }

    /// <summary>The export's filter in the audit entry's details (ids and names of actions only).</summary>
    private static string Describe(AuditFilter filter) => string.Join(' ', new[]
    {
        filter.Actor is null ? null : $"actor={filter.Actor}",
        filter.Action is null ? null : $"action={filter.Action}",
        filter.SubjectKind is null ? null : $"subjectKind={filter.SubjectKind}",
        filter.SubjectId is null ? null : $"subjectId={filter.SubjectId}",
        filter.From is null ? null : string.Create(CultureInfo.InvariantCulture, $"from={filter.From:O}"),
        filter.To is null ? null : string.Create(CultureInfo.InvariantCulture, $"to={filter.To:O}"),
    }.Where(s => s is not null)) is { Length: > 0 } described ? "csv " + described : "csv";
}

/// <summary>One page of <c>GET /api/audit</c>.</summary>
public sealed record AuditPageResponse(IReadOnlyList<AuditEntryResponse> Entries, long? NextBefore);

/// <summary>An audit entry as the JSON API shows it (the action by name).</summary>
public sealed record AuditEntryResponse(
    long Sequence, DateTime OccurredAt, string Actor, string ActorRole, string Action, string SubjectKind, string? SubjectId,
    string? Details, string Origin, string Hash)
{
    public static AuditEntryResponse From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new AuditEntryResponse(entry.Sequence, entry.OccurredAt, entry.Actor, entry.ActorRole, entry.Action.ToString(),
            entry.SubjectKind, entry.SubjectId, entry.Details, entry.Origin, entry.Hash);
    }
}
