namespace Inclusion.Iot.Server.Records;

/// <summary>Marks the records assembly (for registration and tests).</summary>
public static class RecordsAssembly;
