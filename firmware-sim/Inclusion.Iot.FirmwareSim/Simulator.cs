using System.Text;
using Inclusion.Iot.FirmwareSim.Configuration;
using Inclusion.Iot.FirmwareSim.Devices;
using MQTTnet;
using MQTTnet.Protocol;

namespace Inclusion.Iot.FirmwareSim;

/// <summary>Every device of the room file, each on its own MQTT connection, plus an observer connection for raw publishes and waits.</summary>
public sealed class Simulator : IAsyncDisposable
{
    private readonly MqttSettings _settings;
    private readonly SimOutput _output;
    private readonly IMqttClient _observer;
    private readonly Lock _seenGate = new();
    private readonly List<(string Topic, string Payload)> _seen = [];
    private TaskCompletionSource _seenSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="lockTimeout">How long a held door lock waits for the edge before it releases by itself (default 30 s).</param>
    public Simulator(RoomConfig room, BadgeBook badges, MqttSettings settings, SimOutput output, TimeProvider? time = null, TimeSpan? lockTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(room);
        Room = room;
        Badges = badges;
        _settings = settings;
        _output = output;
        Time = time ?? TimeProvider.System;
        Devices = [.. room.Devices.Select<RoomDevice, SimulatedDevice>(d => d.Role switch
        {
            DeviceRoles.Lighting => new ZigbeeLight(d, room.RoomId, settings, output, Time),
            DeviceRoles.Occupancy => new OccupancySensor(d, room.RoomId, settings, output, Time),
            DeviceRoles.DoorContact => new DoorContact(d, room.RoomId, settings, output, Time),
            DeviceRoles.EntryReader => new TasmotaReader(d, room.RoomId, settings, output, Time),
            DeviceRoles.Timer => new TimerDisplay(d, room.RoomId, settings, output, Time),
            DeviceRoles.FireAlarm => new FireAlarmSensor(d, room.RoomId, settings, output, Time),
            DeviceRoles.Lock => new DoorLock(d, room.RoomId, settings, output, Time, lockTimeout),
            _ => throw new InvalidOperationException(d.Role),
        })];
        _observer = new MqttClientFactory().CreateMqttClient();
        _observer.ApplicationMessageReceivedAsync += e =>
        {
            lock (_seenGate)
            {
                _seen.Add((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString() ?? string.Empty));
                _seenSignal.TrySetResult();
                _seenSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return Task.CompletedTask;
        };
    }

    public RoomConfig Room { get; }

    public BadgeBook Badges { get; }

    public TimeProvider Time { get; }

    public IReadOnlyList<SimulatedDevice> Devices { get; }

    /// <summary>Connects the observer (subscribed to <paramref name="watchTopics"/>) and every device, announcing them online.</summary>
    public async Task StartAsync(IEnumerable<string> watchTopics, CancellationToken cancellationToken)
    {
        _output.Line(Messages.Connecting(_settings.Host, _settings.Port, Devices.Count));
        foreach (var note in Room.Notes) _output.Line(note);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Host, _settings.Port)
            .WithClientId($"{_settings.ClientIdPrefix}-{Room.RoomId}-observer-{Guid.NewGuid().ToString("N")[..6]}")
            .WithTimeout(TimeSpan.FromSeconds(5));
        if (_settings.Username is not null) builder = builder.WithCredentials(_settings.Username, _settings.Password);
        await SimulatedDevice.ConnectWithRetryAsync(
            async ct => BrokerRefusedException.ThrowIfRefused(await _observer.ConnectAsync(builder.Build(), ct).ConfigureAwait(false)),
            "firmware-sim", _settings, Time, cancellationToken).ConfigureAwait(false);

        foreach (var topic in watchTopics.Distinct(StringComparer.Ordinal))
        {
            await _observer.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        }

        foreach (var device in Devices)
        {
            await device.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public SimulatedDevice Device(string name) => Device<SimulatedDevice>(name, role: null);

    /// <summary>The named device (which must have <paramref name="role"/>, if given), or the room's first device of that role.</summary>
    public T Device<T>(string? name, string? role) where T : SimulatedDevice
    {
        var device = Room.FindDevice(name, role);
        return (T)Devices.First(d => ReferenceEquals(d.Device, device));
    }

    public Task TapAsync(string nameOrUid, string? reader, CancellationToken cancellationToken) =>
        Device<TasmotaReader>(reader, DeviceRoles.EntryReader).TapAsync(Badges.Resolve(nameOrUid), cancellationToken);

    public Task SetOccupancyAsync(bool occupied, string? device, CancellationToken cancellationToken) =>
        Device<OccupancySensor>(device, DeviceRoles.Occupancy).SetAsync(occupied, cancellationToken);

    public Task SetDoorAsync(bool open, string? device, CancellationToken cancellationToken) =>
        Device<DoorContact>(device, DeviceRoles.DoorContact).SetAsync(open, cancellationToken);

    /// <summary>The smoke detector (the named one, or the room's first <c>fire_alarm</c>) reports smoke or none.</summary>
    public Task SetFireAlarmAsync(bool active, string? device, CancellationToken cancellationToken) =>
        Device<FireAlarmSensor>(device, DeviceRoles.FireAlarm).SetAsync(active, cancellationToken);

    /// <summary>The named door lock, or the room's first <c>lock</c>.</summary>
    public DoorLock Lock(string? device = null) => Device<DoorLock>(device, DeviceRoles.Lock);

    /// <summary>
    /// The occupancy sensor reports as an mmWave presence sensor, <paramref name="count"/> times, alternating from
    /// <paramref name="first"/>, one report every <paramref name="interval"/> on the scenario's clock (the first at once).
    /// </summary>
    public async Task FlapPresenceAsync(string? device, bool first, int count, TimeSpan interval, CancellationToken cancellationToken)
    {
        var sensor = Device<OccupancySensor>(device, DeviceRoles.Occupancy);
        var start = Time.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            // Measured from the step's start, so the reports do not drift by the time each publish takes.
            var wait = interval * i - Time.GetElapsedTime(start);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, Time, cancellationToken).ConfigureAwait(false);
            await sensor.SetPresenceAsync(i % 2 == 0 ? first : !first, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A battery sensor reports <paramref name="batteryPercent"/> once more and then falls silent.</summary>
    public Task GoStaleAsync(string device, int batteryPercent, CancellationToken cancellationToken) =>
        Device(device) is BatterySensor sensor
            ? sensor.GoStaleAsync(batteryPercent, cancellationToken)
            : throw new ArgumentException(Messages.NotABatteryDevice(device));

    public Task OfflineAsync(string device, CancellationToken cancellationToken) => Device(device).GoOfflineAsync(cancellationToken);

    public Task OnlineAsync(string device, CancellationToken cancellationToken) => Device(device).GoOnlineAsync(cancellationToken);

    /// <summary>Publishes anything (malformed reader payloads and the like) from the observer connection.</summary>
    public async Task PublishRawAsync(string topic, string payload, bool retain, CancellationToken cancellationToken)
    {
        _output.Line(Messages.RawPublished(topic, DeviceText(payload)));
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        await _observer.PublishAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for a message on <paramref name="topicFilter"/> (subscribed at start) containing <paramref name="contains"/>,
    /// looking at messages from <paramref name="fromIndex"/> on. Returns the index after the match, or -1 on timeout.
    /// </summary>
    public async Task<(int Next, string Topic, string Payload)?> WaitForAsync(string topicFilter, string? contains, int fromIndex, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        while (true)
        {
            Task signal;
            lock (_seenGate)
            {
                for (var i = fromIndex; i < _seen.Count; i++)
                {
                    var (topic, payload) = _seen[i];
                    if (MqttTopicFilterComparer.Compare(topic, topicFilter) == MqttTopicFilterCompareResult.IsMatch
                        && (contains is null || payload.Contains(contains, StringComparison.Ordinal)))
                    {
                        return (i + 1, topic, payload);
                    }
                }

                fromIndex = _seen.Count;
                signal = _seenSignal.Task;
            }

            try
            {
                await signal.WaitAsync(timeoutCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var device in Devices)
        {
            await device.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_observer.IsConnected)
        {
            try
            {
                await _observer.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // Broker already gone.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in Devices) await device.DisposeAsync().ConfigureAwait(false);
        _observer.Dispose();
    }

    private static string DeviceText(string payload) => SimulatedDevice.Shorten(payload);
}
