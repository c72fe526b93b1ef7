using System.Text;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Inclusion;

/// <summary>
/// One of our own ESP devices, addressed by its name in the room: commands on
/// <c>inclusion/&lt;room&gt;/device/&lt;name&gt;/set</c>, availability (retained <c>online</c>/<c>offline</c>, its last will)
/// on <c>…/availability</c>.
/// </summary>
public abstract class InclusionDevice(string roomId, string name, IMqttPublisher mqtt) : IMqttDevice
{
    public string Name { get; } = name;

    protected string RoomId { get; } = roomId;

    protected IMqttPublisher Mqtt { get; } = mqtt;

    // Built once, not per message or command.
    private readonly string _availabilityTopic = RoomTopics.DeviceAvailability(roomId, name);
    private readonly string _setTopic = RoomTopics.DeviceSet(roomId, name);

    public IEnumerable<string> TopicFilters => [_availabilityTopic];

    public DeviceInput? Read(string topic, ReadOnlySpan<byte> payload)
    {
        if (topic != _availabilityTopic) return null;
        return Encoding.UTF8.GetString(payload).Trim() switch
        {
            RoomTopics.Online => new AvailabilityInput(Name, true),
            RoomTopics.Offline => new AvailabilityInput(Name, false, "device last will: offline"),
            _ => new RejectedInput(Name, topic, "availability is neither 'online' nor 'offline'"),
        };
    }

    protected Task SendAsync(byte[] payload, CancellationToken cancellationToken) =>
        Mqtt.PublishAsync(_setTopic, payload, retain: false, cancellationToken);
}
