using System.Buffers;
using System.Text;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Worker.Options;
using Inclusion.Iot.Edge.Devices.RoomFile;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Inclusion.Iot.Edge.Worker.Mqtt;

/// <summary>
/// The one MQTT connection of the edge. Owns the client, reconnects with exponential backoff (1 s doubling up to
/// <c>Mqtt:MaxReconnectDelaySeconds</c>), resubscribes after every connect and tells listeners it is (re)connected.
/// Announces the edge's own availability on <see cref="RoomTopics.EdgeStatus"/>: <c>online</c> (retained) on every
/// connect, <c>offline</c> (retained) before a graceful stop, and <c>offline</c> as its last will, which the broker
/// publishes when the connection is lost without a DISCONNECT (power cut, network gone).
/// </summary>
public sealed partial class MqttConnection : BackgroundService
{
    private readonly MqttOptions _options;
    private readonly ILogger<MqttConnection> _logger;
    private readonly TimeProvider _time;
    private readonly IMqttClient _client;
    private readonly List<string> _topicFilters = [];
    private readonly string _clientId;
    private readonly string _statusTopic;
    private readonly BatchingStreamProvider _streams = new();
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MqttConnection(IOptions<MqttOptions> options, IOptions<EdgeOptions> edge, RoomDefinition room, ILogger<MqttConnection> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(edge);
        ArgumentNullException.ThrowIfNull(room);
        _statusTopic = RoomTopics.EdgeStatus(room.RoomId);
        _options = options.Value;
        _logger = logger;
        _time = time;
        _clientId = string.IsNullOrWhiteSpace(_options.ClientId) ? $"inclusion-{edge.Value.EdgeId}" : _options.ClientId;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += _ =>
        {
            _disconnected.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>A message arrived on a subscribed topic.</summary>
    public event Func<string, ReadOnlyMemory<byte>, Task>? MessageReceived;

    /// <summary>The connection is up (first time or after a reconnect) and subscriptions are in place.</summary>
    public event Func<Task>? Connected;

    public bool IsConnected => _client.IsConnected;

    public int ConnectCount { get; private set; }

    /// <summary>Adds topic filters to subscribe on every connect. Call before the host starts.</summary>
    public void Subscribe(IEnumerable<string> topicFilters) => _topicFilters.AddRange(topicFilters);

    public async Task<bool> PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            LogDropped(topic);
            return false;
        }

        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag(retain).Build();
        try
        {
            await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            LogPublishFailed(e, topic);
            return false;
        }
    }

    /// <summary>
    /// Holds this connection's publishes until the returned batch is disposed, then sends them in one write: a decision's
    /// state, commands and events. Publishes are QoS 0 and complete when held. A batch whose send fails is logged, and its
    /// connection closed: the client reconnects and the room reasserts its state, as after any lost connection. Not
    /// connected, there is nothing to hold (<see cref="PublishAsync"/> drops the message).
    /// </summary>
    public HeldPublishes HoldPublishes() => new(this, _client.IsConnected ? _streams.Current?.HoldWrites() : null);

    /// <summary>See <see cref="HoldPublishes"/>.</summary>
    public readonly struct HeldPublishes : IAsyncDisposable
    {
        private readonly MqttConnection _connection;
        private readonly BatchingStream.HeldWrites? _writes;

        internal HeldPublishes(MqttConnection connection, BatchingStream.HeldWrites? writes)
        {
            _connection = connection;
            _writes = writes;
        }

        public async ValueTask DisposeAsync()
        {
            if (_writes is not { } writes) return;
            try
            {
                await writes.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                _connection.LogBatchFailed(e);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await ConnectAsync(stoppingToken).ConfigureAwait(false);
                await PublishStatusAsync(RoomTopics.Online, stoppingToken).ConfigureAwait(false);
                attempt = 0;
                ConnectCount++;
                LogConnected(_options.Host, _options.Port);
                if (Connected is { } connected) await connected().ConfigureAwait(false);
                await HeartbeatUntilDisconnectedAsync(stoppingToken).ConfigureAwait(false);
                LogDisconnected(_options.Host, _options.Port);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                var delay = Backoff.Delay(attempt++, _options.MaxReconnectDelaySeconds);
                LogConnectFailed(_options.Host, _options.Port, delay.TotalSeconds, e.Message);
                try
                {
                    await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// While connected, the retained <c>online</c> again every <c>Mqtt:HeartbeatSeconds</c>: our ESP lock releases by itself
    /// when it hears nothing from the edge for longer than its timeout (a hung edge must not keep a door held).
    /// </summary>
    private async Task HeartbeatUntilDisconnectedAsync(CancellationToken stoppingToken)
    {
        using var heartbeat = new PeriodicTimer(TimeSpan.FromSeconds(_options.HeartbeatSeconds), _time);
        while (true)
        {
            var beat = heartbeat.WaitForNextTickAsync(stoppingToken).AsTask();
            if (await Task.WhenAny(_disconnected.Task, beat).ConfigureAwait(false) != beat || !await beat.ConfigureAwait(false)) return;
            await PublishStatusAsync(RoomTopics.Online, stoppingToken).ConfigureAwait(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_client.IsConnected)
        {
            try
            {
                // Said before leaving: a DISCONNECT makes the broker discard the last will.
                await PublishStatusAsync(RoomTopics.Offline, cancellationToken).ConfigureAwait(false);
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException)
            {
                LogPublishFailed(e, "(disconnect)");
            }
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var builder = new MqttClientOptionsBuilder()
            // Our socket (BatchingStream): reads buffered, a decision's publishes in one write.
            .WithTcpServer(_options.Host, _options.Port)
            .WithStreamProvider(_streams)
            .WithClientId(_clientId)
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(5))
            // A packet in one write, not its header and its payload in two (two segments with Nagle off, two reads for the
            // broker): a decision publishes its state, commands and events back to back.
            .WithoutPacketFragmentation()
            .WithWillTopic(_statusTopic)
            .WithWillPayload(Encoding.UTF8.GetBytes(RoomTopics.Offline))
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (!string.IsNullOrEmpty(_options.Username)) builder = builder.WithCredentials(_options.Username, _options.Password);
        if (_options.UsesTls)
        {
            // With Mqtt:CaFile only that CA is trusted (the installation's own, from deploy/first-run.sh); the host name is checked.
            builder = builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(_options.Host);
                if (!string.IsNullOrEmpty(_options.CaFile) && BrokerTls.TryLoadCa(_options.CaFile) is { } ca)
                {
                    tls.WithCertificateValidationHandler(e => BrokerTls.Trusted(e.Certificate, e.SslPolicyErrors, ca));
                }
            });
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await _client.ConnectAsync(builder.Build(), timeout.Token).ConfigureAwait(false);
        if (_topicFilters.Count > 0)
        {
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var filter in _topicFilters.Distinct(StringComparer.Ordinal))
            {
                subscribe = subscribe.WithTopicFilter(f => f.WithTopic(filter));
            }

            await _client.SubscribeAsync(subscribe.Build(), timeout.Token).ConfigureAwait(false);
        }
    }

    private async Task PublishStatusAsync(string status, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_statusTopic)
            .WithPayload(Encoding.UTF8.GetBytes(status))
            .WithRetainFlag()
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        if (MessageReceived is not { } handler) return;
        // The handler is awaited here, while MQTTnet keeps the message: a one-segment payload (every small message) is
        // read in place, not copied.
        var received = args.ApplicationMessage.Payload;
        ReadOnlyMemory<byte> payload = received.IsSingleSegment ? received.First : received.ToArray();
        try
        {
            await handler(args.ApplicationMessage.Topic, payload).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One bad message must never take the connection down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogHandlerFailed(e, args.ApplicationMessage.Topic);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT connected to {Host}:{Port}")]
    private partial void LogConnected(string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT disconnected from {Host}:{Port}; reconnecting")]
    private partial void LogDisconnected(string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connect to {Host}:{Port} failed, retrying in {Seconds} s: {Reason}")]
    private partial void LogConnectFailed(string host, int port, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT not connected; not published to {Topic} (state is reasserted on reconnect)")]
    private partial void LogDropped(string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT publish to {Topic} failed")]
    private partial void LogPublishFailed(Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: sending a decision's publishes failed; the connection is closed and will be made again")]
    private partial void LogBatchFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling the message on {Topic} failed")]
    private partial void LogHandlerFailed(Exception exception, string topic);
}
