namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>The edge's one MQTT connection, as drivers of MQTT devices see it.</summary>
public interface IMqttPublisher
{
    Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken);
}
