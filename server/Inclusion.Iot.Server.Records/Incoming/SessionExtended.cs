using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

public sealed record SessionExtended(string SessionId, int AddedMinutes, int PlannedMinutes) : EventBody;
