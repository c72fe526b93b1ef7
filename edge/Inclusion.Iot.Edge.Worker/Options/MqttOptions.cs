namespace Inclusion.Iot.Edge.Worker.Options;

/// <summary>The <c>Mqtt</c> section: the room's broker, and the optional embedded one.</summary>
public sealed class MqttOptions
{
    public const string SectionName = "Mqtt";

    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 1883;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? ClientId { get; set; }
    /// <summary>The longest pause between reconnect attempts (backoff doubles from one second up to this).</summary>
    public int MaxReconnectDelaySeconds { get; set; } = 30;
    /// <summary>How often the edge says "online" again while connected: the heartbeat our ESP lock's fail-safe listens for.</summary>
    public int HeartbeatSeconds { get; set; } = 10;
    /// <summary>TLS to the broker (the school's 8883 listener), checked against the system's trusted roots unless <see cref="CaFile"/> is set.</summary>
    public bool Tls { get; set; }
    /// <summary>A PEM file with the CA that signed the broker's certificate (deploy/first-run.sh makes one): TLS, trusting only it.</summary>
    public string? CaFile { get; set; }
    public EmbeddedBrokerOptions EmbeddedBroker { get; set; } = new();

    public bool UsesTls => Tls || !string.IsNullOrEmpty(CaFile);
}
