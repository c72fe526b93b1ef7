using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Devices.RoomFile;

/// <summary>
/// One device of the room file: its name in the room, its role, how it is driven, and either its MQTT topic
/// (<see cref="Topic"/>; for our own devices, the name) or its wiring on the Pi (<see cref="Wiring"/>).
/// </summary>
public sealed record RoomDevice(string Name, DeviceRole Role, DeviceDriver Driver, string? Topic, DeviceWiring? Wiring = null)
{
    /// <summary>True for drivers that reach the device over MQTT.</summary>
    public bool OnMqtt => Driver is DeviceDriver.Zigbee2Mqtt or DeviceDriver.Tasmota or DeviceDriver.Inclusion;
}
