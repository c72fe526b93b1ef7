namespace Inclusion.Iot.Server.Records.Audit;

/// <summary>What <see cref="AuditVerifier"/> found: intact with <see cref="Entries"/> entries, or broken at <see cref="BrokenAt"/>.</summary>
public sealed record AuditVerification(long Entries, long? BrokenAt, string? Reason)
{
    public bool Intact => BrokenAt is null;
}
