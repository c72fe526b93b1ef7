using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Zigbee2Mqtt;

/// <summary>A Zigbee2MQTT door contact: <c>contact</c> true means the magnet is at the sensor, the door closed.</summary>
public sealed class Zigbee2MqttDoorContact(string name, string friendlyName) : Zigbee2MqttSensor(name, friendlyName), IDoorContact
{
    protected override string MissingKeys => "'contact' is missing";

    protected override DeviceInput? ReadRole(Payloads.SensorState sensor) => sensor.Contact is { } contact ? new DoorInput(Name, !contact) : null;
}
