using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>The room an edge works.</summary>
public sealed record ConfiguredRoom(string RoomId, string Name, RoomKind Kind, int Capacity);
