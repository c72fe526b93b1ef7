using Inclusion.Iot.Edge.Devices.Inputs;

namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>A device on MQTT: the topics it reports on, and how to read one of its messages (pure, no I/O).</summary>
public interface IMqttDevice : IRoomDevice
{
    IEnumerable<string> TopicFilters { get; }

    /// <summary>Null when the topic is not this device's; a <see cref="RejectedInput"/> when the payload is unreadable.</summary>
    DeviceInput? Read(string topic, ReadOnlySpan<byte> payload);
}
