namespace Inclusion.Iot.Edge.Worker.Options;

/// <summary><c>Mqtt:EmbeddedBroker</c>: an MQTTnet broker inside the edge process, loopback only, anonymous.</summary>
public sealed class EmbeddedBrokerOptions
{
    public bool Enabled { get; set; }
    /// <summary>Defaults to <c>Mqtt:Port</c>.</summary>
    public int? Port { get; set; }
}
