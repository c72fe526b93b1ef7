namespace Inclusion.Iot.Server.Records.Retention;

/// <summary>What one purge run removed.</summary>
public sealed record RetentionSummary(int Programmes, int Pupils, int Organisations);
