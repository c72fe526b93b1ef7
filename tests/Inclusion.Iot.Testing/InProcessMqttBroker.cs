using System.Net;
using MQTTnet.Server;
using Xunit;

namespace Inclusion.Iot.Testing;

/// <summary>
/// An MQTTnet broker inside the test process, on a random loopback port, anonymous: for tests of our own
/// MQTT code that need a broker they can stop and start again. Tests of the deployment use <see cref="MosquittoFixture"/>.
/// </summary>
public sealed class InProcessMqttBroker : IAsyncLifetime, IAsyncDisposable
{
    private MqttServer? _server;

    public string Host => "127.0.0.1";

    public int Port { get; } = FreeTcpPort.Next();

    public async Task StartAsync()
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.IPv6Loopback)
            .WithDefaultEndpointPort(Port)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        await _server.StartAsync().ConfigureAwait(false);
    }

    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        await _server.StopAsync().ConfigureAwait(false);
        _server.Dispose();
        _server = null;
    }

    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    Task IAsyncLifetime.DisposeAsync() => StopAsync();

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
