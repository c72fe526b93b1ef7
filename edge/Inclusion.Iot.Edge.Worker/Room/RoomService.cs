using System.Text.Json;
using Google.Protobuf;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Devices;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Domain.Lighting;
using Inclusion.Iot.Edge.Domain.Occupancy;
using Inclusion.Iot.Edge.Domain.Room;
using SessionKind = Inclusion.Iot.Edge.Domain.Room.SessionKind;
using AlertKind = Inclusion.Iot.Edge.Domain.Room.AlertKind;
using Inclusion.Iot.Edge.Worker.Mqtt;
using Inclusion.Iot.Edge.Worker.Panel;
using Inclusion.Iot.Edge.Worker.Storage;
using Inclusion.Iot.Edge.Worker.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Worker.Room;

/// <summary>
/// Runs the room: feeds device input, panel actions and a one-second tick to the state machine one at a time,
/// writes each decision's events and the new state to the store in one transaction, and only then applies the
/// effects over MQTT. Restores the state at start, so a running session survives a restart.
/// </summary>
public sealed partial class RoomService : BackgroundService, IDeviceInputSink
{
    public static readonly string SoftwareVersion = typeof(RoomService).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>
    /// The room's turn: every input (MQTT, wired devices, tick, panel, reconnect) takes it for one decision, its record and
    /// its effects, then hands it on. Waiters get it in the order they asked (SemaphoreSlim queues them first in, first
    /// out), so decisions stay in arrival order. An input that finds the room free decides at once on its own thread: no
    /// hand-over to a queue's reader and back (two thread-pool wake-ups per input, each waiting for a core on a loaded
    /// two-core machine). It starts taken: nothing is decided before <see cref="StartAsync"/> has recorded EdgeStarted;
    /// once <see cref="StopAsync"/> has had its turn every later input is cancelled, so nothing is decided after the locks
    /// are released.
    /// </summary>
    private readonly SemaphoreSlim _turn = new(0, 1);
    private volatile bool _stopping;
    private volatile bool _stopped;
    private readonly RoomDevices _devices;
    private readonly EdgeStore _store;
    private readonly ConfigurationCache _configuration;
    private readonly MqttConnection _mqtt;
    private readonly TimeProvider _time;
    private readonly EdgeClock _clock;
    private readonly ILogger<RoomService> _logger;
    private readonly RoomStateMachine _machine;
    private readonly Dictionary<string, PanelLight> _lights = new(StringComparer.Ordinal);
    /// <summary>At most one change per zone per second, every change a fade (used only by the decision holding the turn).</summary>
    private readonly LightChangeLimiter _limiter = new();
    private readonly Dictionary<string, string> _eventTopics = new(StringComparer.Ordinal);

    public RoomService(RoomDevices devices, EdgeStore store, ConfigurationCache configuration, MqttConnection mqtt, TimeProvider time, EdgeClock clock, ILogger<RoomService> logger)
    {
        _devices = devices;
        _store = store;
        _configuration = configuration;
        _mqtt = mqtt;
        _time = time;
        _clock = clock;
        _logger = logger;
        _machine = new RoomStateMachine(time, RestoreState(store))
        {
            DeviceRoles = devices.Room.Devices.ToDictionary(d => d.Name, d => d.Role, StringComparer.Ordinal),
        };
        _mqtt.Subscribe(devices.TopicFilters);
        _mqtt.MessageReceived += OnMessageAsync;
        _mqtt.Connected += () => DecideAsync(m => new RoomDecision(m.State, [], m.Reassert(_configuration.Room)), CancellationToken.None);
    }

    public string RoomId => _devices.Room.RoomId;

    /// <summary>The state the edge stopped in; a state it cannot read (a damaged file, an older shape) starts the room idle, said loudly.</summary>
    private RoomState? RestoreState(EdgeStore store)
    {
        var json = store.LoadState();
        try
        {
            return RoomStateJson.Deserialize(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            LogStateUnreadable(e, json?.Length ?? 0);
            return null;
        }
    }

    public RoomState State => _machine.State;

    /// <summary>Each light's last reported state, keyed by device name: a copy, as the panel shows it.</summary>
    public IReadOnlyDictionary<string, PanelLight> Lights
    {
        get
        {
            lock (_lights) return new Dictionary<string, PanelLight>(_lights, StringComparer.Ordinal);
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // EdgeStarted is the first record of every boot.
        var now = _time.GetUtcNow();
        var started = new EdgeEvent
        {
            OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now),
            MonotonicMs = _clock.MonotonicMs,
            ClockSynchronised = _clock.Synchronised,
            RoomId = RoomId,
            EdgeStarted = new EdgeStarted { SoftwareVersion = SoftwareVersion, ConfigurationVersion = _configuration.Version },
        };
        _store.Commit([("edge_started", now, started.ToByteArray())], RoomStateJson.Serialize(_machine.State));
        if (_machine.State.Session is { } session) LogResumed(session.SessionId);
        _turn.Release();
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The panel's Start for a kind of session, run by the escorts who badged in.</summary>
    public Task<RoomDecision> StartSessionOnPanelAsync(SessionKind kind, CancellationToken cancellationToken) =>
        DecideAsync(m => m.StartOnPanel(kind, _configuration.Room), cancellationToken);

    /// <summary>The panel's Extend: by <paramref name="minutes"/>, or the policy's step when null.</summary>
    public Task<RoomDecision> ExtendSessionOnPanelAsync(int? minutes, CancellationToken cancellationToken) =>
        DecideAsync(m => m.ExtendOnPanel(minutes, _configuration.Room), cancellationToken);

    /// <summary>The panel's Add pupil: the session's escort brings in a pupil who has no badge with them.</summary>
    public Task<RoomDecision> AddPupilOnPanelAsync(string pupilId, CancellationToken cancellationToken) =>
        DecideAsync(m => m.AddPupilOnPanel(pupilId, _configuration.Room), cancellationToken);

    public Task<RoomDecision> EndSessionOnPanelAsync(CancellationToken cancellationToken) =>
        DecideAsync(m => m.EndOnPanel(_configuration.Room), cancellationToken);

    public Task<RoomDecision> AbortSessionOnPanelAsync(CancellationToken cancellationToken) =>
        DecideAsync(m => m.AbortOnPanel(_configuration.Room), cancellationToken);

    public Task<RoomDecision> HandleAsync(DeviceInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        switch (input)
        {
            case BadgeInput badge:
                return DecideAsync(m => m.BadgeRead(badge.Device, badge.Uid, _configuration.Room), cancellationToken);
            case OccupancyInput occupancy:
                var sensing = occupancy.Sensing == OccupancySensing.Presence ? SensorKind.Presence : SensorKind.Motion;
                return DecideAsync(m => m.SensorReported(occupancy.Device, sensing, occupancy.Occupied, occupancy.Vitals, _configuration.Room), cancellationToken);
            case DoorInput door:
                return DecideAsync(m => m.SensorReported(door.Device, SensorKind.Door, door.Open, door.Vitals, _configuration.Room), cancellationToken);
            case FireAlarmInput alarm:
                return DecideAsync(m => m.FireAlarmReported(alarm.Device, alarm.Active, _configuration.Room), cancellationToken);
            case VitalsReport vitals:
                return DecideAsync(m => m.DeviceSeen(vitals.Device, vitals.Vitals, _configuration.Room), cancellationToken);
            case AvailabilityInput availability:
                return DecideAsync(m => m.AvailabilityReported(availability.Device, availability.Online, availability.Reason, _configuration.Room), cancellationToken);
            case RejectedInput rejected:
                LogRejected(rejected.Device, rejected.Source, rejected.Reason);
                return DecideAsync(m => m.InputRejected(rejected.Device, rejected.Source, rejected.Reason), cancellationToken);
            case LightReport light:
                lock (_lights) _lights[light.Device] = new PanelLight(light.On, light.BrightnessPercent, light.ColourTemperatureKelvin);
                return DecideAsync(m => m.DeviceSeen(light.Device, light.Vitals, _configuration.Room), cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input.GetType().Name, "Unknown device input.");
        }
    }

    /// <summary>
    /// The one-second tick. The clock is looked at inside the queue, so no decision falls between seeing a wall-clock jump
    /// and moving the room's running times with it; such a tick records the jump, the next one counts down as before.
    /// </summary>
    public Task<RoomDecision> TickAsync(CancellationToken cancellationToken) =>
        DecideAsync(m => _clock.ObserveJump() is { } jump ? m.ClockJumped(jump, _clock.Synchronised) : m.Tick(_configuration.Room), cancellationToken);

    /// <summary>Wired inputs report here, into the same decisions as MQTT input.</summary>
    public async ValueTask ReportAsync(DeviceInput input, CancellationToken cancellationToken)
    {
        try
        {
            await HandleAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (RoomRecordException)
        {
            // Logged where it happened; the room stays as it was and the device reports again on its next change.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // New inputs are refused; those already waiting decide first (they asked before this); any that slipped in after
        // this waiter are cancelled when their turn comes.
        _stopping = true;
        await _turn.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        _stopped = true;
        _turn.Release();
        // Fail-safe: the edge going down releases every lock (the ESP lock also releases on the edge's last will).
        await ApplyAsync([new ReleaseLocks()], CancellationToken.None).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _turn.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inputs = _devices.HardwareInputs.Select(input => WatchAsync(input, stoppingToken)).ToList();
        await TickUntilStoppedAsync(stoppingToken).ConfigureAwait(false);
        await Task.WhenAll(inputs).ConfigureAwait(false);
    }

    private async Task WatchAsync(IHardwareInput input, CancellationToken stoppingToken)
    {
        try
        {
            await input.RunAsync(this, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            // A driver must never end its watch; if one does, the room says so and carries on with the rest.
            LogInputFailed(e, input.Name);
            await ReportAsync(new AvailabilityInput(input.Name, false, e.Message), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task TickUntilStoppedAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await TickAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogTickFailed(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task OnMessageAsync(string topic, ReadOnlyMemory<byte> payload)
    {
        var input = _devices.Read(topic, payload.Span);
        if (input is not null) await HandleAsync(input, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Takes the room's turn and decides; completes when the decision is recorded and its effects and events are out.</summary>
    private async Task<RoomDecision> DecideAsync(Func<RoomStateMachine, RoomDecision> decide, CancellationToken cancellationToken)
    {
        if (_stopping) throw new OperationCanceledException("The room is stopping.", new CancellationToken(canceled: true));
        // Wait(0) takes a free turn without allocating a waiter; it never jumps the queue (a released turn goes to the first waiter).
        if (!_turn.Wait(0)) await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped) throw new OperationCanceledException("The room has stopped.", new CancellationToken(canceled: true));
            cancellationToken.ThrowIfCancellationRequested();
            return await DecideNowAsync(decide, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<RoomDecision> DecideNowAsync(Func<RoomStateMachine, RoomDecision> decide, CancellationToken cancellationToken)
    {
        EdgeEvent[] recorded = [];
        var before = _machine.State;
        var decision = decide(_machine);
        if (decision.Events.Count > 0 || decision.StateChanged)
        {
            // Recorded first, durably, with the state; effects follow. Whatever stops the record (the store, or an
            // event that cannot be written) undoes the decision: nothing acts on what is not on record.
            try
            {
                var synchronised = _clock.Synchronised;
                recorded = new EdgeEvent[decision.Events.Count];
                var rows = new (string Kind, DateTimeOffset OccurredAt, byte[] Payload)[recorded.Length];
                for (var i = 0; i < recorded.Length; i++)
                {
                    var e = recorded[i] = EventMapper.ToContract(decision.Events[i], RoomId, _clock.MonotonicMs, synchronised);
                    rows[i] = (EventMapper.Kind(e), e.OccurredAt.ToDateTimeOffset(), e.ToByteArray());
                }

                _store.Commit(rows, RoomStateJson.Serialize(decision.State));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Nothing is acted on that is not on record: the room stays as it was, and whoever waits is told.
                _machine.Revert(before);
                LogRecordFailed(e, string.Join(", ", decision.Events.Select(ev => ev.GetType().Name)));
                throw new RoomRecordException(e);
            }

            if (_logger.IsEnabled(LogLevel.Debug))
            {
                foreach (var e in decision.Events) LogEvent(e.GetType().Name);
            }
        }

        // The decision's publishes (state, commands, events) leave in one write when this batch ends.
        var publishes = _mqtt.HoldPublishes();
        await using (publishes.ConfigureAwait(false))
        {
            await ApplyAsync(decision.Effects, cancellationToken).ConfigureAwait(false);
            await SendHeldLightsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var e in recorded)
            {
                // For dashboards and Home Assistant: the recorded event in snake_case JSON with its schema version, not retained.
                await _mqtt.PublishAsync(EventTopic(EventMapper.Kind(e)), EventJson.ToMqttPayload(e), retain: false, cancellationToken).ConfigureAwait(false);
            }
        }

        // Due only after commits: the store counts them, so a decision that recorded nothing costs a comparison.
        CheckpointIfDue();
        return decision;
    }

    /// <summary>The store's periodic checkpoint, once the decision is out and before the turn is handed on (see <see cref="EdgeStore.CheckpointIfDue"/>).</summary>
    private void CheckpointIfDue()
    {
        try
        {
            _store.CheckpointIfDue();
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            // The decision is recorded and out; WalCheckpointer and SQLite's own checkpoint are the backstops.
            LogCheckpointFailed(e);
        }
    }

    /// <summary><c>inclusion/&lt;room&gt;/event/&lt;kind&gt;</c>, built once per kind (used only by the one decision holding the turn).</summary>
    private string EventTopic(string kind)
    {
        if (!_eventTopics.TryGetValue(kind, out var topic)) _eventTopics[kind] = topic = RoomTopics.Event(RoomId, kind);
        return topic;
    }

    private async Task ApplyAsync(IReadOnlyList<RoomEffect> effects, CancellationToken cancellationToken)
    {
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case PublishRoomState:
                    var payload = JsonSerializer.SerializeToUtf8Bytes(StatePayload(), PayloadJson.Default.RoomStatePayload);
                    await _mqtt.PublishAsync(RoomTopics.State(RoomId), payload, retain: true, cancellationToken).ConfigureAwait(false);
                    break;
                case SetLights lights:
                    foreach (var zone in Only(_devices.Lighting, lights.Device))
                    {
                        // A light that came back may have lost its state: the room's scene is sent to it again.
                        if (lights.Device is not null) _limiter.Forget(zone.Name);
                        var change = _limiter.Offer(zone.Name, lights.Scene, _time.GetUtcNow());
                        if (change.SendNow) await OnDeviceAsync(zone, d => d.SetAsync(change.Scene, cancellationToken)).ConfigureAwait(false);
                    }

                    break;
                case ShowTimer timer:
                    foreach (var display in Only(_devices.Timers, timer.Device)) await OnDeviceAsync(display, d => d.ShowAsync(timer.Display, cancellationToken)).ConfigureAwait(false);
                    break;
                case SoundChime chime:
                    foreach (var buzzer in _devices.Buzzers) await OnDeviceAsync(buzzer, d => d.ChimeAsync(chime.End ? Chime.End : Chime.Warning, cancellationToken)).ConfigureAwait(false);
                    break;
                case HoldLocks:
                    // The domain never asks for a hold under the fire latch; this is the last line before a coil is energised.
                    if (_machine.State.FireLatched || _machine.State.FireAlarm) break;
                    foreach (var doorLock in _devices.Locks) await OnDeviceAsync(doorLock, d => d.HoldAsync(cancellationToken)).ConfigureAwait(false);
                    break;
                case PublishAlert alert:
                    var alertPayload = JsonSerializer.SerializeToUtf8Bytes(
                        new Payloads.AlertPayload { Alert = AlertName(alert.Kind), Active = alert.Active, Since = alert.Since },
                        PayloadJson.Default.AlertPayload);
                    await _mqtt.PublishAsync(RoomTopics.Alert(RoomId), alertPayload, retain: true, cancellationToken).ConfigureAwait(false);
                    break;
                case ReleaseLocks:
                    foreach (var doorLock in _devices.Locks) await OnDeviceAsync(doorLock, d => d.ReleaseAsync(CancellationToken.None)).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Changes the limiter held back whose second is up (every decision checks, and the tick makes one each second).</summary>
    private async Task SendHeldLightsAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, scene) in _limiter.Due(_time.GetUtcNow()))
        {
            foreach (var zone in Only(_devices.Lighting, name)) await OnDeviceAsync(zone, d => d.SetAsync(scene, cancellationToken)).ConfigureAwait(false);
        }
    }

    private static IEnumerable<T> Only<T>(IEnumerable<T> devices, string? name)
        where T : IRoomDevice => devices.Where(d => name is null || string.Equals(d.Name, name, StringComparison.Ordinal));

    /// <summary>One device failing does not keep the others from their command.</summary>
    private async Task OnDeviceAsync<T>(T device, Func<T, Task> command)
        where T : IRoomDevice
    {
        try
        {
            await command(device).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeviceCommandFailed(e, device.Name);
        }
    }

    /// <summary>The retained <c>inclusion/&lt;room&gt;/state</c> payload.</summary>
    public Payloads.RoomStatePayload StatePayload()
    {
        var state = _machine.State;
        var now = _time.GetUtcNow();
        return new Payloads.RoomStatePayload
        {
            RoomId = RoomId,
            State = ModeName(state.Mode),
            SessionId = state.Session?.SessionId,
            SessionKind = state.Session is { } k ? SessionKindName(k.Kind) : null,
            TimerPhase = state.Session is { } s ? TimerPhaseNames.Of(RoomStateMachine.PhaseAt(s, now, _configuration.Room)) : null,
            RemainingSeconds = state.Session?.RemainingSeconds(now),
            PupilIds = state.Session?.PupilIds,
            EscortIds = state.Session?.EscortStaffIds ?? [.. state.Escorts.Select(e => e.StaffId)],
            Occupied = state.Occupied,
            EndsAt = state.Session?.PlannedEnd,
            Scene = state.Session is { } staged ? SceneName(staged.Stage) : "idle",
            DevicesWithProblems = _machine.DevicesWithProblems,
            Alert = state.Alert is { } alert ? AlertName(alert.Kind) : null,
            FireLatched = state.FireLatched,
            UpdatedAt = now,
        };
    }

    public static string AlertName(AlertKind kind) => WireNames.Snake(kind);

    /// <summary>The panel's override of an overridable refusal, with the reason typed there.</summary>
    public Task<RoomDecision> OverrideOnPanelAsync(string? reason, CancellationToken cancellationToken) =>
        DecideAsync(m => m.OverrideOnPanel(reason, _configuration.Room), cancellationToken);

    /// <summary>The panel's "Reset fire alarm" (the latch that keeps the lock released).</summary>
    public Task<RoomDecision> ResetFireAlarmOnPanelAsync(CancellationToken cancellationToken) =>
        DecideAsync(m => m.ResetFireAlarmOnPanel(), cancellationToken);

    public static string SessionKindName(SessionKind kind) => WireNames.Snake(kind);

    public static string SceneName(SceneStage stage) => WireNames.Snake(stage);

    public static string ModeName(RoomMode mode) => WireNames.Snake(mode);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored room state ({Length} characters) could not be read; the room starts idle")]
    private partial void LogStateUnreadable(Exception exception, int length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming session {SessionId} after restart")]
    private partial void LogResumed(string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device input rejected from {Device} on {Topic}: {Reason}")]
    private partial void LogRejected(string device, string topic, string reason);

    // Debug: one line per recorded event would be the busiest log line of the edge (the outbox is the record).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Recorded {Event}")]
    private partial void LogEvent(string @event);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record {Events} in the outbox; the room stays as it was")]
    private partial void LogRecordFailed(Exception exception, string events);

    [LoggerMessage(Level = LogLevel.Error, Message = "Device {Device} stopped watching its hardware; it is reported offline")]
    private partial void LogInputFailed(Exception exception, string device);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command to device {Device} failed")]
    private partial void LogDeviceCommandFailed(Exception exception, string device);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAL checkpoint after a decision failed; the periodic one will try again")]
    private partial void LogCheckpointFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Room tick failed")]
    private partial void LogTickFailed(Exception exception);
}
