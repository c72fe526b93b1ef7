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
            .WithDefaultEndpointPort(Port)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        await _server.StartAsync().ConfigureAwait(false);
        LogStarted(Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) await _server.StopAsync().ConfigureAwait(false);
    }

    public void Dispose() => _server?.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on 127.0.0.1:{Port}")]
    private partial void LogStarted(int port);
}
