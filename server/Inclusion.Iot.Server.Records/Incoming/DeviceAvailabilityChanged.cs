using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

public sealed record DeviceAvailabilityChanged(string Device, bool Online) : EventBody;
