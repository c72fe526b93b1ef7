using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Server;

namespace Inclusion.Iot.Edge.Worker.Mqtt;

/// <summary>
/// The embedded broker's listener, handing each connection to MQTTnet through <see cref="ClientIdAssigningChannel"/>:
/// an MQTT 3.1.x CONNECT with an empty client id gets one from <paramref name="newClientId"/> as it is read.
/// </summary>
internal sealed class ClientIdAssigningServerAdapter(IMqttServerAdapter inner, Func<string> newClientId) : IMqttServerAdapter
{
    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        inner.ClientHandler = channel => ClientHandler is { } handler ? handler(new ClientIdAssigningChannel(channel, newClientId)) : Task.CompletedTask;
        return inner.StartAsync(options, logger);
    }

    public Task StopAsync() => inner.StopAsync();

    public void Dispose() => inner.Dispose();
}

/// <summary>One client's channel, unchanged except for the client id of its CONNECT packet when it has none (MQTT 3.1.x).</summary>
internal sealed class ClientIdAssigningChannel(IMqttChannelAdapter inner, Func<string> newClientId) : IMqttChannelAdapter
{
    public long BytesReceived => inner.BytesReceived;
    public long BytesSent => inner.BytesSent;
    public X509Certificate2 ClientCertificate => inner.ClientCertificate;
    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;
    public EndPoint LocalEndPoint => inner.LocalEndPoint;
    public bool IsSecureConnection => inner.IsSecureConnection;
    public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        var packet = await inner.ReceivePacketAsync(cancellationToken).ConfigureAwait(false);
        // The protocol version is known once the CONNECT packet is decoded; MQTT 5 clients get theirs from MQTTnet.
        if (packet is MqttConnectPacket connect && string.IsNullOrEmpty(connect.ClientId)
            && inner.PacketFormatterAdapter.ProtocolVersion != MqttProtocolVersion.V500)
        {
            connect.ClientId = newClientId();
        }

        return packet;
    }

    public void ResetStatistics() => inner.ResetStatistics();

    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) => inner.SendPacketAsync(packet, cancellationToken);

    public void Dispose() => inner.Dispose();
}
