using System.Text;
using Inclusion.Iot.FirmwareSim.Configuration;
using MQTTnet;
using MQTTnet.Protocol;

namespace Inclusion.Iot.FirmwareSim.Devices;

/// <summary>
/// One simulated device with its own MQTT connection, as a real device (or its bridge) has.
/// Subclasses speak the device's convention; this class connects, reconnects, and keeps the online/offline state.
/// </summary>
public abstract class SimulatedDevice : IAsyncDisposable
{
    private readonly MqttSettings _settings;
    private readonly IMqttClient _client;
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private int _reconnecting;

    protected SimulatedDevice(RoomDevice device, string roomId, MqttSettings settings, SimOutput output, TimeProvider time)
    {
        Device = device;
        RoomId = roomId;
        _settings = settings;
        Output = output;
        Time = time;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnReceivedAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    public RoomDevice Device { get; }

    public string RoomId { get; }

    public string Name => Device.Name;

    /// <summary>Whether the device is on the network (the user can take it offline with <c>offline &lt;device&gt;</c>).</summary>
    public bool Online { get; private set; } = true;

    protected SimOutput Output { get; }

    protected TimeProvider Time { get; }

    /// <summary>The topic that shows the device is online, for the start-up line.</summary>
    protected abstract string AvailabilityTopic { get; }

    /// <summary>Topics the device listens to.</summary>
    protected virtual IEnumerable<string> Subscriptions => [];

    /// <summary>Real devices that drop their own connection when offline (Tasmota, our ESPs); Zigbee devices sit behind a bridge that stays up.</summary>
    protected virtual bool DisconnectsWhenOffline => false;

    protected virtual void ConfigureWill(MqttClientOptionsBuilder options)
    {
    }

    /// <summary>Publishes availability online and the device's current state.</summary>
    protected abstract Task AnnounceOnlineAsync(CancellationToken cancellationToken);

    /// <summary>Publishes availability offline.</summary>
    protected abstract Task AnnounceOfflineAsync(CancellationToken cancellationToken);

    /// <summary>A message on one of <see cref="Subscriptions"/> while the device is online. Must not throw for bad payloads.</summary>
    protected virtual Task OnMessageAsync(string topic, string payload, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ConnectWithRetryAsync(ConnectAsync, Name, _settings, Time, cancellationToken).ConfigureAwait(false);
        Output.Line(Messages.DeviceOnline(Name, AvailabilityTopic));
    }

    public async Task GoOfflineAsync(CancellationToken cancellationToken)
    {
        if (!Online)
        {
            Output.Line(Messages.DeviceAlreadyOffline(Name));
            return;
        }

        Online = false;
        if (_client.IsConnected)
        {
            await AnnounceOfflineAsync(cancellationToken).ConfigureAwait(false);
            if (DisconnectsWhenOffline)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken).ConfigureAwait(false);
            }
        }

        Output.Line(Messages.DeviceOffline(Name));
    }

    public async Task GoOnlineAsync(CancellationToken cancellationToken)
    {
        if (Online)
        {
            Output.Line(Messages.DeviceAlreadyOnline(Name));
            return;
        }

        Online = true;
        if (_client.IsConnected)
        {
            await AnnounceOnlineAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
        }

        Output.Line(Messages.DeviceOnline(Name, AvailabilityTopic));
    }

    /// <summary>Leaves the network as the real device would on power-off: availability offline, then disconnect.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (!_client.IsConnected) return;
        try
        {
            if (Online) await AnnounceOfflineAsync(cancellationToken).ConfigureAwait(false);
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // The broker went first; nothing left to say goodbye to.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await DisposeCoreAsync().ConfigureAwait(false);
        _client.Dispose();
        _stopping.Dispose();
        _publishGate.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what a subclass holds (timers); called once, when the device is disposed.</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    /// <summary>Whether the device's connection to the broker is up.</summary>
    protected bool Connected => _client.IsConnected;

    protected async Task PublishAsync(string topic, string payload, bool retain, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        await _publishGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Host, _settings.Port)
            .WithClientId($"{_settings.ClientIdPrefix}-{RoomId}-{Name}-{Guid.NewGuid().ToString("N")[..6]}")
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(5));
        if (_settings.Username is not null) builder = builder.WithCredentials(_settings.Username, _settings.Password);
        ConfigureWill(builder);
        var result = await _client.ConnectAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        BrokerRefusedException.ThrowIfRefused(result);
        foreach (var topic in Subscriptions)
        {
            await _client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        }

        if (Online) await AnnounceOnlineAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task OnReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        var payload = e.ApplicationMessage.ConvertPayloadToString() ?? string.Empty;
        if (!Online)
        {
            Output.Line(Messages.DeviceOfflineIgnores(Name, topic));
            return;
        }

        try
        {
            await OnMessageAsync(topic, payload, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Real firmware never falls over on a bad command; neither does its twin.
            Output.Line(Messages.MalformedCommand(Name, topic, ex.Message, Shorten(payload)));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (_stopping.IsCancellationRequested || !Online || !e.ClientWasConnected) return Task.CompletedTask;
        if (Interlocked.Exchange(ref _reconnecting, 1) == 1) return Task.CompletedTask;
        Output.Line(Messages.ConnectionLost(Name, e.Reason.ToString()));
        _ = Task.Run(ReconnectLoopAsync);
        return Task.CompletedTask;
    }

    private async Task ReconnectLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested && Online && !_client.IsConnected)
            {
                try
                {
                    await Task.Delay(_settings.ReconnectDelay, Time, _stopping.Token).ConfigureAwait(false);
                    await ConnectAsync(_stopping.Token).ConfigureAwait(false);
                    Output.Line(Messages.Reconnected(Name));
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Broker still away; try again.
                }
            }
        }
        finally
        {
            Volatile.Write(ref _reconnecting, 0);
        }
    }

    /// <summary>
    /// Runs <paramref name="connect"/> every 500 ms until it succeeds, the login is refused, or the connect timeout passes
    /// (the broker may still be starting); then fails with <see cref="Messages.ConnectFailed"/> for <paramref name="name"/>.
    /// </summary>
    internal static async Task ConnectWithRetryAsync(
        Func<CancellationToken, Task> connect, string name, MqttSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + settings.ConnectTimeout;
        while (true)
        {
            try
            {
                await connect(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (IsAuthFailure(e) || time.GetUtcNow() >= deadline)
                {
                    throw new InvalidOperationException(Messages.ConnectFailed(name, settings.Host, settings.Port, Reason(e)), e);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    internal static string Shorten(string payload) => payload.Length <= 200 ? payload : string.Concat(payload.AsSpan(0, 200), "…");

    /// <summary>A refused login does not get better by retrying: fail at once with the broker's reason.</summary>
    private static bool IsAuthFailure(Exception e) =>
        e is BrokerRefusedException { ResultCode: MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized }
        || (e is MQTTnet.Adapter.MqttConnectingFailedException
            && (e.Message.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword), StringComparison.Ordinal)
                || e.Message.Contains(nameof(MqttClientConnectResultCode.NotAuthorized), StringComparison.Ordinal)));

    private static string Reason(Exception e) => e switch
    {
        BrokerRefusedException refused => refused.Message,
        MQTTnet.Adapter.MqttConnectingFailedException failed => failed.Message,
        _ => e.InnerException?.Message ?? e.Message,
    };
}

/// <summary>The broker answered CONNACK with a refusal (bad credentials, not authorised …).</summary>
public sealed class BrokerRefusedException(MqttClientConnectResultCode resultCode)
    : Exception(Messages.BrokerRefused(resultCode.ToString()))
{
    public MqttClientConnectResultCode ResultCode { get; } = resultCode;

    internal static void ThrowIfRefused(MqttClientConnectResult result)
    {
        if (result.ResultCode != MqttClientConnectResultCode.Success) throw new BrokerRefusedException(result.ResultCode);
    }
}
