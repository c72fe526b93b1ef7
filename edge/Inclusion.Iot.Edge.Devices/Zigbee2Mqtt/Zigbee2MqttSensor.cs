using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Zigbee2Mqtt;

/// <summary>
/// A Zigbee2MQTT sensor in one of its roles: occupancy (PIR <c>occupancy</c> or mmWave <c>presence</c>), door contact
/// (<c>contact</c>: true = closed) or fire alarm (<c>smoke</c>). Extra keys (<c>illuminance</c> in lux,
/// <c>target_distance</c>, <c>update</c> …) are ignored; a report with none of the role's keys but a battery or link
/// quality is a <see cref="VitalsReport"/>.
/// </summary>
public abstract class Zigbee2MqttSensor(string name, string friendlyName) : Zigbee2MqttDevice(name, friendlyName)
{
    protected override DeviceInput ReadState(string topic, ReadOnlySpan<byte> payload)
    {
        var sensor = Deserialize(payload, PayloadJson.Default.SensorState, out var error);
        if (sensor is null) return new RejectedInput(Name, topic, error!);
        if (sensor.Battery is < 0 or > 100) return new RejectedInput(Name, topic, "battery is outside 0..100");
        var vitals = VitalsOf(sensor.Battery, sensor.Linkquality);
        var input = ReadRole(sensor);
        if (input is not null) return input with { Vitals = vitals };
        return vitals is not null ? new VitalsReport(Name) { Vitals = vitals } : new RejectedInput(Name, topic, MissingKeys);
    }

    /// <summary>The role's input, or null when the report has none of its keys.</summary>
    protected abstract DeviceInput? ReadRole(Payloads.SensorState sensor);

    /// <summary>Why a report without the role's keys is rejected.</summary>
    protected abstract string MissingKeys { get; }
}
