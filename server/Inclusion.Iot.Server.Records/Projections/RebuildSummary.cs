namespace Inclusion.Iot.Server.Records.Projections;

/// <summary>What a rebuild replayed and the rows it left.</summary>
public sealed record RebuildSummary(int Edges, long RawEvents, int Unreadable, int Sessions, int OccupancyIntervals, int DeviceHealth, int Decisions, int Alerts);
