using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Api.Pages;

/// <summary>The signed-in user's organisation's time zone, and times shown in it (UTC when it is unknown).</summary>
public sealed class OrganisationTime(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public static async Task<OrganisationTime> OfAsync(ServerDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var organisationId = db.AccessScope.OrganisationId;
        var id = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.TimeZone).FirstOrDefaultAsync(cancellationToken);
        return new OrganisationTime(OrganisationCalendar.Zone(id));
    }

    /// <summary>A UTC time in the organisation's zone, in the user's culture; empty for none.</summary>
    public string Local(DateTime? utc) => utc is { } value
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc), Zone).ToString("g", System.Globalization.CultureInfo.CurrentCulture)
        : string.Empty;

    /// <summary>A wall-clock time typed in the organisation's zone, as UTC; null for a time the clocks skip.</summary>
    public DateTime? ToUtc(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return Zone.IsInvalidTime(unspecified) ? null : TimeZoneInfo.ConvertTimeToUtc(unspecified, Zone);
    }

    /// <summary>A UTC time as the organisation's wall clock, for a <c>datetime-local</c> field.</summary>
    public DateTime FromUtc(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
}
