namespace Inclusion.Iot.Edge.Worker.RoomFile;

public enum DeviceDriver
{
    Zigbee2Mqtt,
    Tasmota,
    Inclusion,
}
