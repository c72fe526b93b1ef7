using Inclusion.Iot.Server.Records.Audit;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Server.Api.Records;

/// <summary>The audit CSV's column headers in the request's language (SharedResource: <c>AuditCsv_</c> + column).</summary>
public static class AuditCsvHeaders
{
    public const string KeyPrefix = "AuditCsv_";

    public static IReadOnlyList<string> For(IStringLocalizer<SharedResource> localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return AuditCsv.Columns.Select(c => localizer[KeyPrefix + c].Value).ToList();
    }
}
