using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

public sealed record EscortJoined(string SessionId, string StaffId) : EventBody;
