using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

/// <summary>The room became empty; <paramref name="StartedAt"/> is the edge clock's start of the interval.</summary>
public sealed record OccupancyIntervalEnded(DateTime? StartedAt, IReadOnlyList<string> Sensors) : EventBody;
