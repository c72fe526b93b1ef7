using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Audit;

/// <summary>One page of audit entries, newest first; <see cref="NextBefore"/> continues after the last (null at the end).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextBefore);
