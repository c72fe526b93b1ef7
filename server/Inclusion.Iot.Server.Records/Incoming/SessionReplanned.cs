using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

public sealed record SessionReplanned(string SessionId, SessionKind Kind, int PlannedMinutes, int Brightness, int ColorTempMireds, string? PlannedLimitedBy) : EventBody;
