namespace Inclusion.Iot.Server.Data;

public enum DeviceHealthStatus
{
    Unspecified = 0,
    Ok = 1,
    Offline = 2,
    Stale = 3,
    LowBattery = 4,
}
