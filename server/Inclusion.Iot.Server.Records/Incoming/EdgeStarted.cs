using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

/// <summary>The edge process started (its monotonic clock starts again at 0).</summary>
public sealed record EdgeStarted(string? SoftwareVersion) : EventBody;
