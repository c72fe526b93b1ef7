using Inclusion.Iot.Edge.Domain.Health;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Zigbee2Mqtt;

/// <summary>
/// What every Zigbee2MQTT device shares: its state topic <c>zigbee2mqtt/&lt;friendly name&gt;</c>, its availability
/// (<c>{"state":"online"}</c>, or a bare <c>online</c> from older versions), and battery and link quality read from any
/// report. Subclasses read their role's keys; junk is a <see cref="RejectedInput"/>, never an action.
/// </summary>
public abstract class Zigbee2MqttDevice(string name, string friendlyName) : IMqttDevice
{
    public string Name { get; } = name;

    public string FriendlyName { get; } = friendlyName;

    // Built once: every report is matched against them (no string built per message).
    private readonly string _stateTopic = Zigbee2MqttTopics.State(friendlyName);
    private readonly string _availabilityTopic = Zigbee2MqttTopics.Availability(friendlyName);

    public IEnumerable<string> TopicFilters => [_stateTopic, _availabilityTopic];

    public DeviceInput? Read(string topic, ReadOnlySpan<byte> payload)
    {
        if (topic == _availabilityTopic) return ReadAvailability(topic, payload);
        return topic == _stateTopic ? ReadState(topic, payload) : null;
    }

    /// <summary>Reads this role's keys from a state message.</summary>
    protected abstract DeviceInput ReadState(string topic, ReadOnlySpan<byte> payload);

    protected static T? Deserialize<T>(ReadOnlySpan<byte> payload, JsonTypeInfo<T> typeInfo, out string? error)
        where T : class => MqttJson.Deserialize(payload, typeInfo, out error);

    protected static ReportedVitals? VitalsOf(int? battery, int? linkQuality) =>
        battery is null && linkQuality is null ? null : new ReportedVitals(battery, linkQuality);

    private AvailabilityInput? ReadAvailabilityText(string text) => text switch
    {
        "online" => new AvailabilityInput(Name, true),
        "offline" => new AvailabilityInput(Name, false, "zigbee2mqtt availability: offline"),
        _ => null,
    };

    private DeviceInput ReadAvailability(string topic, ReadOnlySpan<byte> payload)
    {
        if (ReadAvailabilityText(Encoding.UTF8.GetString(payload).Trim()) is { } bare) return bare;
        var availability = Deserialize(payload, PayloadJson.Default.Availability, out var error);
        return availability?.State is { } state && ReadAvailabilityText(state) is { } input
            ? input
            : new RejectedInput(Name, topic, error ?? "availability state is neither 'online' nor 'offline'");
    }
}
