using System.Net;
using Inclusion.Iot.Edge.Worker.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;
using MQTTnet.Server.Internal.Adapter;

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
        // mosquitto_sub/pub and other MQTT 3.1.1 clients may connect with an empty client id and a clean session, which
        // 3.1.1 allows, expecting the broker to assign one. MQTTnet assigns ids only to MQTT 5 clients (from
        // AssignedClientIdentifier below), so the TCP listener is wrapped to give a 3.1.1 client its id as its CONNECT
        // packet arrives, before MQTTnet keys the session on it (public API only: no reflection).
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, [new ClientIdAssigningServerAdapter(new MqttTcpServerAdapter(), NewClientId)]);
        _server.ValidatingConnectionAsync += e =>
        {
            if (string.IsNullOrEmpty(e.ClientId)) e.AssignedClientIdentifier = NewClientId();
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

    private static string NewClientId() => $"auto-{Guid.NewGuid():N}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on 127.0.0.1:{Port}")]
    private partial void LogStarted(int port);
}
