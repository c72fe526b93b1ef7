using System.Text;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Devices.Tasmota;

/// <summary>
/// An ESP running Tasmota with an RC522 or PN532: a card read is <c>tele/&lt;topic&gt;/SENSOR</c>
/// <c>{"RC522":{"UID":"04A1B2C3"}}</c> (or <c>"PN532"</c>), its last will <c>tele/&lt;topic&gt;/LWT</c> <c>Online</c>/<c>Offline</c>.
/// A UID that breaks <see cref="BadgeUid"/>'s rule is rejected, never looked up.
/// </summary>
public sealed class TasmotaBadgeReader(string name, string deviceTopic) : IBadgeReader, IMqttDevice
{
    public string Name { get; } = name;

    public string DeviceTopic { get; } = deviceTopic;

    // Built once: every read is matched against them (no string built per message).
    private readonly string _sensorTopic = TasmotaTopics.Sensor(deviceTopic);
    private readonly string _lastWillTopic = TasmotaTopics.LastWill(deviceTopic);

    public IEnumerable<string> TopicFilters => [_sensorTopic, _lastWillTopic];

    public DeviceInput? Read(string topic, ReadOnlySpan<byte> payload)
    {
        if (topic == _sensorTopic)
        {
            var sensor = MqttJson.Deserialize(payload, TasmotaPayloadJson.Default.TasmotaSensor, out var error);
            if (sensor is null) return new RejectedInput(Name, topic, error!);
            var uid = sensor.Card?.UID;
            if (uid is null) return new RejectedInput(Name, topic, "no RC522 or PN532 UID in the SENSOR message");
            return BadgeUid.TryNormalise(uid, out var normalised)
                ? new BadgeInput(Name, normalised)
                : new RejectedInput(Name, topic, "the UID is not 4, 7 or 10 bytes of hexadecimal");
        }

        if (topic != _lastWillTopic) return null;
        return Encoding.UTF8.GetString(payload).Trim() switch
        {
            TasmotaTopics.Online => new AvailabilityInput(Name, true),
            TasmotaTopics.Offline => new AvailabilityInput(Name, false, "tasmota last will: Offline"),
            _ => new RejectedInput(Name, topic, "LWT is neither 'Online' nor 'Offline'"),
        };
    }
}
