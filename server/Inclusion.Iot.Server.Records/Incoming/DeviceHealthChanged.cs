using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

public sealed record DeviceHealthChanged(string Device, DeviceHealthStatus Status, DateTime? LastSeen, int? BatteryPercent, int? LinkQuality, string? Reason) : EventBody;
