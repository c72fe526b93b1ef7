namespace Inclusion.Iot.FirmwareSim.Devices;

/// <summary>How every simulated device reaches the broker.</summary>
public sealed record MqttSettings(string Host, int Port, string? Username = null, string? Password = null)
{
    /// <summary>How long start-up keeps retrying a broker that does not answer yet.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Pause between reconnection attempts after a lost connection.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Prefix of each device's MQTT client id (a unique suffix is added).</summary>
    public string ClientIdPrefix { get; init; } = "firmware-sim";
}
