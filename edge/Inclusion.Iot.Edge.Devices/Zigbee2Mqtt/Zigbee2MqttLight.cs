using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Devices.Zigbee2Mqtt;

/// <summary>
/// A Zigbee2MQTT light as a lighting zone: one <c>/set</c> command per scene, with its <c>transition</c>, in Zigbee
/// units (brightness 0..254, colour temperature in mireds); never <c>flash</c> or <c>effect</c>, and never a cut (a
/// transition of at least <see cref="MinimumTransitionSeconds"/>, whatever the scene asks). Its reports come back as
/// <see cref="LightReport"/> in the room's units.
/// </summary>
public sealed class Zigbee2MqttLight(string name, string friendlyName, IMqttPublisher mqtt) : Zigbee2MqttDevice(name, friendlyName), ILightingZone
{
    /// <summary>The shortest transition a command carries (Zigbee2MQTT's 0 would be a cut).</summary>
    public const int MinimumTransitionSeconds = 1;

    private readonly string _setTopic = Zigbee2MqttTopics.Set(friendlyName);

    public Task SetAsync(LightScene scene, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scene);
        return mqtt.PublishAsync(_setTopic, Command(scene), retain: false, cancellationToken);
    }

    /// <summary>The <c>/set</c> payload for a scene.</summary>
    public static byte[] Command(LightScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var light = new Payloads.LightCommand
        {
            State = scene.On ? "ON" : "OFF",
            Brightness = ZigbeeLightUnits.Brightness(scene.BrightnessPercent),
            ColorTemp = ZigbeeLightUnits.Mireds(scene.ColourTemperatureKelvin),
            Transition = Math.Max(MinimumTransitionSeconds, scene.FadeSeconds),
        };
        return JsonSerializer.SerializeToUtf8Bytes(light, PayloadJson.Default.LightCommand);
    }

    protected override DeviceInput ReadState(string topic, ReadOnlySpan<byte> payload)
    {
        var light = Deserialize(payload, PayloadJson.Default.LightState, out var error);
        if (light is null) return new RejectedInput(Name, topic, error!);
        if (light.Brightness is < 0 or > ZigbeeLightUnits.MaxBrightness) return new RejectedInput(Name, topic, "brightness is outside 0..254");
        if (light.State is not (null or "ON" or "OFF")) return new RejectedInput(Name, topic, "state is neither 'ON' nor 'OFF'");
        return new LightReport(
            Name,
            light.State is null ? null : light.State == "ON",
            light.Brightness is { } b ? ZigbeeLightUnits.Percent(b) : null,
            light.ColorTemp is { } m ? ZigbeeLightUnits.Kelvin(m) : null)
        {
            Vitals = VitalsOf(null, light.Linkquality),
        };
    }
}
