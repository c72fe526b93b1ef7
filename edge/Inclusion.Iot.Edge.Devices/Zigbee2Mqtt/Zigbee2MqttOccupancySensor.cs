using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Zigbee2Mqtt;

/// <summary>A Zigbee2MQTT PIR (<c>occupancy</c>) or mmWave (<c>presence</c>) sensor; how it senses is read from each report.</summary>
public sealed class Zigbee2MqttOccupancySensor(string name, string friendlyName) : Zigbee2MqttSensor(name, friendlyName), IPresenceSensor
{
    private OccupancySensing _sensing = OccupancySensing.Motion;

    public OccupancySensing Sensing => _sensing;

    protected override string MissingKeys => "neither 'occupancy' nor 'presence' is present";

    protected override DeviceInput? ReadRole(Payloads.SensorState sensor)
    {
        if (sensor.Presence is { } present)
        {
            _sensing = OccupancySensing.Presence;
            return new OccupancyInput(Name, present, OccupancySensing.Presence);
        }

        return sensor.Occupancy is { } occupied ? new OccupancyInput(Name, occupied, OccupancySensing.Motion) : null;
    }
}
