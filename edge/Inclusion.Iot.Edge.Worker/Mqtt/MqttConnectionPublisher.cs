using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Worker.Mqtt;

/// <summary>The edge's one MQTT connection as the drivers of MQTT devices publish through it.</summary>
public sealed class MqttConnectionPublisher(MqttConnection connection) : IMqttPublisher
{
    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken) =>
        connection.PublishAsync(topic, payload.ToArray(), retain, cancellationToken);
}
