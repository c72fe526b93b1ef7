using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Audit;

/// <summary>
/// The audit chain's hash. <c>Hash = lower-case hex SHA-256(canonical bytes)</c>, where the canonical bytes (version 1)
/// are UTF-8 text, independent of culture, EF and the provider:
/// <code>
/// audit-v1\n
/// then one line per field, in this order: sequence, occurred_at, actor, actor_role, organisation_id, action,
/// subject_kind, subject_id, details, origin, previous_hash; each line is
///   "-\n"                          for null
///   "&lt;n&gt;:&lt;value&gt;\n"    otherwise, n = the value's UTF-8 byte count in ASCII decimal
/// with sequence as ASCII decimal, occurred_at as UTC "yyyy-MM-ddTHH:mm:ss.ffffffZ" (whole microseconds, what both
/// providers store exactly), action as its enum name ("Purge"), previous_hash as 64 lower-case hex digits
/// (64 zeros for entry 1).
/// </code>
/// The length prefix makes the encoding unambiguous (a value may hold newlines or colons). A later format bumps the
/// version line; entries keep the version they were written with.
/// </summary>
public static class AuditHash
{
    public const string Version = "audit-v1";

    public static string Compute(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Convert.ToHexStringLower(SHA256.HashData(Canonical(entry)));
    }

    public static byte[] Canonical(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder(256);
        text.Append(Version).Append('\n');
        Field(text, entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(text, Time(entry.OccurredAt));
        Field(text, entry.Actor);
        Field(text, entry.ActorRole);
        Field(text, entry.OrganisationId);
        Field(text, entry.Action.ToString());
        Field(text, entry.SubjectKind);
        Field(text, entry.SubjectId);
        Field(text, entry.Details);
        Field(text, entry.Origin);
        Field(text, entry.PreviousHash);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The time as the chain stores it: UTC, truncated to whole microseconds.</summary>
    public static DateTime Truncate(DateTime utc)
    {
        var value = utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc;
        return new DateTime(value.Ticks - (value.Ticks % 10), DateTimeKind.Utc);
    }

    public static string Time(DateTime utc) =>
        Truncate(utc).ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture);

    private static void Field(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append("-\n");
            return;
        }

        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }
}
