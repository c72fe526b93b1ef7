namespace Inclusion.Iot.Server.Records.Retention;

/// <summary>One retention run (the daily job calls it in a scope of its own).</summary>
public interface IRetentionPurge
{
    Task<RetentionSummary> PurgeAsync(CancellationToken cancellationToken);
}
