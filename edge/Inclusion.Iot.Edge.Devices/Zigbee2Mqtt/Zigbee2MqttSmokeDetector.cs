using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Zigbee2Mqtt;

/// <summary>A Zigbee2MQTT smoke detector as the room's fire-alarm input (<c>{"smoke":true}</c>).</summary>
public sealed class Zigbee2MqttSmokeDetector(string name, string friendlyName) : Zigbee2MqttSensor(name, friendlyName), IFireAlarmInput
{
    protected override string MissingKeys => "'smoke' is missing";

    protected override DeviceInput? ReadRole(Payloads.SensorState sensor) => sensor.Smoke is { } smoke ? new FireAlarmInput(Name, smoke) : null;
}
