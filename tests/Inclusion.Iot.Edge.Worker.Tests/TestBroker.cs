using System.Net;
using Inclusion.Iot.Testing;
using MQTTnet.Server;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>An MQTTnet broker owned by the test, on a random loopback port, that can be stopped and started again.</summary>
public sealed class TestBroker : IAsyncDisposable
{
    private MqttServer? _server;

    public int Port { get; } = FreeTcpPort.Next();

    public async Task StartAsync()
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(Port)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        await _server.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_server is null) return;
        await _server.StopAsync();
        _server.Dispose();
        _server = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
