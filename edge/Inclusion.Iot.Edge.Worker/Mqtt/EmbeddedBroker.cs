using System.Net;
using Inclusion.Iot.Edge.Worker.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace Inclusion.Iot.Edge.Worker.Mqtt;

/// <summary>The optional MQTTnet broker inside the edge process: loopback only, anonymous, for the demo and tests.</summary>
public sealed partial class EmbeddedBroker(IOptions<MqttOptions> options, ILogger<EmbeddedBroker> logger) : IHostedService, IDisposable
{
    private MqttServer? _server;

    public int Port => options.Value.EmbeddedBroker.Port ?? options.Value.Port;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.EmbeddedBroker.Enabled) return;
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.IPv6Loopback)
            .WithDefaultEndpointPort(Port)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        // mosquitto_sub/pub connect with an empty client id and expect the broker to assign one, as MQTT 3.1.1
        // allows with a clean session. MQTTnet assigns ids only to MQTT 5 clients, so give 3.1.1 clients one here.
        _server.ValidatingConnectionAsync += e =>
        {
            if (string.IsNullOrEmpty(e.ClientId))
            {
                AssignClientId(e, $"auto-{Guid.NewGuid():N}");
            }

            return Task.CompletedTask;
        };
        await _server.StartAsync().ConfigureAwait(false);
        LogStarted(Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) await _server.StopAsync().ConfigureAwait(false);
    }

    public void Dispose() => _server?.Dispose();

    private static readonly System.Reflection.FieldInfo? ConnectPacketField = typeof(ValidatingConnectionEventArgs)
        .GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
        .FirstOrDefault(f => f.FieldType == typeof(MQTTnet.Packets.MqttConnectPacket));

    private static void AssignClientId(ValidatingConnectionEventArgs e, string clientId)
    {
        e.AssignedClientIdentifier = clientId;
        // MQTTnet keeps the CONNECT packet private; its client id is what the session is keyed on.
        if (ConnectPacketField?.GetValue(e) is MQTTnet.Packets.MqttConnectPacket packet)
        {
            packet.ClientId = clientId;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on 127.0.0.1:{Port}")]
    private partial void LogStarted(int port);
}
