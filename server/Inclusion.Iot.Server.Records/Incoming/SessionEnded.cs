using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

public sealed record SessionEnded(string SessionId, SessionEndReason Reason, int ActualSeconds, string? EndedByStaffId, int OverrunSeconds) : EventBody;
