using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Devices.RoomFile;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Devices.Hardware;

/// <summary>Opens the driver of a device wired to the Pi, on its bus, per its room-file wiring.</summary>
public static class WiredDevices
{
    public static IRoomDevice Open(RoomDevice device, IDeviceBuses buses, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(buses);
        throw new NotSupportedException($"No driver for {device.Driver} {device.Role} yet.");
    }
}
