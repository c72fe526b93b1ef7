using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

public sealed record AlertCleared(AlertKind Kind, DateTime? RaisedAt, int SecondsToClear, string? StaffId) : EventBody;
