using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

public sealed record AlertRaised(AlertKind Kind, DateTime? Since) : EventBody;
