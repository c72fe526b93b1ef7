using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

public sealed record OccupancyIntervalStarted(IReadOnlyList<string> Sensors) : EventBody;
