using Inclusion.Iot.FirmwareSim.Configuration;

namespace Inclusion.Iot.FirmwareSim.Devices;

/// <summary>
/// A battery-powered Zigbee2MQTT sensor: reports its battery and link quality with every state, and can go stale: after
/// one last report it falls silent, with no availability message (Zigbee2MQTT marks such a device offline only after
/// 25 h). A silent sensor publishes nothing more in this run: no state, no availability, not even on exit.
/// </summary>
public abstract class BatterySensor(RoomDevice device, string roomId, MqttSettings settings, SimOutput output, TimeProvider time, int battery)
    : ZigbeeDevice(device, roomId, settings, output, time)
{
    private volatile int _battery = battery;
    private volatile bool _silent;

    /// <summary>Battery level in percent, as reported in <c>battery</c>.</summary>
    public int Battery => _battery;

    public bool Silent => _silent;

    /// <summary>Reports the current state once with <paramref name="batteryPercent"/>, then falls silent.</summary>
    public async Task GoStaleAsync(int batteryPercent, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batteryPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batteryPercent, 100);
        _battery = batteryPercent;
        if (Online && !_silent) await PublishStateAsync(cancellationToken).ConfigureAwait(false);
        _silent = true;
        Output.Line(Messages.DeviceGoesStale(Name, batteryPercent));
    }

    /// <summary>Publishes the state after a change, unless the sensor is offline or silent.</summary>
    protected async Task ReportAsync(CancellationToken cancellationToken)
    {
        if (!Online) return;
        if (_silent)
        {
            Output.Line(Messages.DeviceSilentSkips(Name));
            return;
        }

        await PublishStateAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task AnnounceOnlineAsync(CancellationToken cancellationToken) =>
        _silent ? Task.CompletedTask : base.AnnounceOnlineAsync(cancellationToken);

    protected override Task AnnounceOfflineAsync(CancellationToken cancellationToken) =>
        _silent ? Task.CompletedTask : base.AnnounceOfflineAsync(cancellationToken);
}
