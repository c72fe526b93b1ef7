using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Incoming;

namespace Inclusion.Iot.Server.Records.Projections;

/// <summary>A stored event as the projections read it: where it came from and when the server placed it.</summary>
public sealed record PlacedEvent(string EdgeId, string RoomId, long Sequence, DateTime OccurredAt, DateTime? EdgeOccurredAt, ClockSource ClockSource, EventBody Body);
