using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Inclusion;
using Inclusion.Iot.FirmwareSim.Configuration;
using MQTTnet.Protocol;

namespace Inclusion.Iot.FirmwareSim.Devices;

/// <summary>
/// Our ESP door lock: commands <see cref="Payloads.LockCommand"/> (<c>{"schema_version":1,"state":"held"|"released"}</c>) on
/// <c>inclusion/&lt;room&gt;/device/&lt;name&gt;/set</c>; after each command it reports what it now does, retained, on
/// <c>…/state</c> in the same shape; availability <c>online</c>/<c>offline</c> retained on <c>…/availability</c> (also its
/// last will). It starts released (no power means released) and is fail-safe as the firmware is: it releases by itself
/// when the edge's last will arrives (<c>inclusion/&lt;room&gt;/status</c> <c>offline</c>) or when nothing came from the edge
/// (a valid command, or any message on that status topic, which the edge publishes retained) for
/// <see cref="HeartbeatTimeout"/>, measured on the simulator's clock.
/// </summary>
public sealed class DoorLock : SimulatedDevice
{
    public const string Held = InclusionDoorLock.Held;
    public const string Released = InclusionDoorLock.Released;

    /// <summary>How long a held lock waits for the edge before it releases by itself, unless <c>--lock-timeout</c> says otherwise.</summary>
    public static readonly TimeSpan DefaultHeartbeatTimeout = TimeSpan.FromSeconds(30);

    public static readonly IReadOnlyList<string> States = [Held, Released];

    private readonly ITimer _watchdog;
    private readonly SemaphoreSlim _changeGate = new(1, 1);
    private readonly Lock _signalGate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _held;

    public DoorLock(RoomDevice device, string roomId, MqttSettings settings, SimOutput output, TimeProvider time, TimeSpan? heartbeatTimeout = null)
        : base(device, roomId, settings, output, time)
    {
        HeartbeatTimeout = heartbeatTimeout ?? DefaultHeartbeatTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatTimeout, TimeSpan.Zero);
        _watchdog = time.CreateTimer(_ => _ = ReleaseForSilenceAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan HeartbeatTimeout { get; }

    /// <summary>Whether the lock holds the door against entry now.</summary>
    public bool IsHeld => _held;

    /// <summary><c>held</c> or <c>released</c>.</summary>
    public string State => _held ? Held : Released;

    protected override string AvailabilityTopic => RoomTopics.DeviceAvailability(RoomId, Device.Topic);

    protected override bool DisconnectsWhenOffline => true;

    private string SetTopic => RoomTopics.DeviceSet(RoomId, Device.Topic);

    private string StateTopic => RoomTopics.DeviceState(RoomId, Device.Topic);

    private string EdgeStatusTopic => RoomTopics.EdgeStatus(RoomId);

    protected override IEnumerable<string> Subscriptions => [SetTopic, EdgeStatusTopic];

    protected override void ConfigureWill(MQTTnet.MqttClientOptionsBuilder options) =>
        options.WithWillTopic(AvailabilityTopic).WithWillPayload(RoomTopics.Offline).WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);

    protected override async Task AnnounceOnlineAsync(CancellationToken cancellationToken)
    {
        await PublishAsync(AvailabilityTopic, RoomTopics.Online, retain: true, cancellationToken).ConfigureAwait(false);
        await ReportAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task AnnounceOfflineAsync(CancellationToken cancellationToken) =>
        PublishAsync(AvailabilityTopic, RoomTopics.Offline, retain: true, cancellationToken);

    protected override async Task OnMessageAsync(string topic, string payload, CancellationToken cancellationToken)
    {
        if (topic == EdgeStatusTopic)
        {
            if (payload.Trim() == RoomTopics.Offline)
            {
                // The edge's last will (or its goodbye): nobody is watching the door any more.
                _watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                await ChangeAsync(held: false, Messages.LockReleasedEdgeOffline(Name, topic), report: false, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Heartbeat();
            }

            return;
        }

        if (topic != SetTopic) return;
        if (!TryParse(payload, out var held, out var problem))
        {
            Output.Line(Messages.MalformedCommand(Name, topic, problem, Shorten(payload)));
            return;
        }

        Heartbeat();
        await ChangeAsync(held, reason: null, report: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the lock is <paramref name="held"/> (or not), for at most <paramref name="within"/> on the simulator's
    /// clock. True when it is (at once if it already is), false when the time ran out.
    /// </summary>
    public async Task<bool> WaitForStateAsync(bool held, TimeSpan within, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(within, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        while (true)
        {
            Task changed;
            lock (_signalGate)
            {
                if (_held == held) return true;
                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return _held == held;
            }
        }
    }

    /// <summary>Validates a <c>/set</c> command: schema version 1 and a state of <c>held</c> or <c>released</c>. Pure, for tests.</summary>
    internal static bool TryParse(string payload, out bool held, out string problem)
    {
        held = false;
        problem = string.Empty;
        if (!InclusionCommands.TryRead<Payloads.LockCommand>(payload, c => c.SchemaVersion, out var command, out problem)) return false;

        if (!States.Contains(command.State))
        {
            problem = "state " + Messages.UnknownValue(command.State ?? "null", string.Join(", ", States));
            return false;
        }

        held = command.State == Held;
        return true;
    }

    /// <summary>The state payload, exactly as reported (for tests).</summary>
    internal static string StatePayload(bool held) =>
        JsonSerializer.Serialize(new Payloads.LockCommand { State = held ? Held : Released }, Payloads.Json);

    protected override ValueTask DisposeCoreAsync()
    {
        _watchdog.Dispose();
        _changeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Something came from the edge: the fail-safe timeout starts again.</summary>
    private void Heartbeat() => _watchdog.Change(HeartbeatTimeout, Timeout.InfiniteTimeSpan);

    private async Task ReleaseForSilenceAsync()
    {
        try
        {
            if (_held)
            {
                await ChangeAsync(held: false, Messages.LockReleasedNoHeartbeat(Name, HeartbeatTimeout.TotalSeconds), report: false, CancellationToken.None)
                    .ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException or InvalidOperationException
                                      or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // Stopping, or the broker is away: the lock is released all the same and says so when it is back.
        }
    }

    /// <summary>
    /// Sets the lock; on a change prints <paramref name="reason"/> (or the new state) and reports it. With
    /// <paramref name="report"/> it reports even without a change (the firmware answers every command).
    /// </summary>
    private async Task ChangeAsync(bool held, string? reason, bool report, CancellationToken cancellationToken)
    {
        await _changeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool changed;
            lock (_signalGate)
            {
                changed = _held != held;
                _held = held;
                if (changed)
                {
                    _changed.TrySetResult();
                    _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            if (changed) Output.Line(reason ?? Messages.LockState(Name, held));
            if ((changed || report) && Online && Connected) await ReportAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _changeGate.Release();
        }
    }

    private Task ReportAsync(CancellationToken cancellationToken) =>
        PublishAsync(StateTopic, StatePayload(_held), retain: true, cancellationToken);
}
