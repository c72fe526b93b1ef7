using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.FirmwareSim.Configuration;

namespace Inclusion.Iot.FirmwareSim.Devices;

/// <summary>
/// A Zigbee2MQTT occupancy sensor: a PIR <c>{"occupancy":true,"illuminance":…,"battery":…,"linkquality":…}</c>, or, once
/// asked for presence, an mmWave sensor <c>{"presence":true,"illuminance":…,"battery":…,"linkquality":…,"target_distance":…}</c>
/// (Zigbee2MQTT 2.x: <c>illuminance</c> in lux, an integer).
/// </summary>
public sealed class OccupancySensor(RoomDevice device, string roomId, MqttSettings settings, SimOutput output, TimeProvider time)
    : BatterySensor(device, roomId, settings, output, time, battery: 97)
{
    private volatile bool _occupied;
    private volatile bool _reportsPresence;

    public bool Occupied => _occupied;

    public async Task SetAsync(bool occupied, CancellationToken cancellationToken)
    {
        _occupied = occupied;
        Output.Line(Messages.Occupancy(Name, occupied));
        await ReportAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reports as an mmWave presence sensor from now on.</summary>
    public async Task SetPresenceAsync(bool present, CancellationToken cancellationToken)
    {
        _occupied = present;
        _reportsPresence = true;
        Output.Line(Messages.Presence(Name, present));
        await ReportAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task PublishStateAsync(CancellationToken cancellationToken)
    {
        var state = _reportsPresence
            ? new Payloads.SensorState
            {
                Presence = _occupied,
                Illuminance = _occupied ? 180 : 175,
                Battery = Battery,
                Linkquality = LinkQuality,
                TargetDistance = _occupied ? 1.6 : 0,
            }
            : new Payloads.SensorState
            {
                Occupancy = _occupied,
                Illuminance = _occupied ? 310 : 290,
                Battery = Battery,
                Linkquality = LinkQuality,
            };
        return PublishAsync(StateTopic, JsonSerializer.Serialize(state, Payloads.Json), retain: false, cancellationToken);
    }
}

/// <summary>A Zigbee2MQTT door contact: <c>{"contact":false}</c> means open, plus battery and link quality.</summary>
public sealed class DoorContact(RoomDevice device, string roomId, MqttSettings settings, SimOutput output, TimeProvider time)
    : BatterySensor(device, roomId, settings, output, time, battery: 91)
{
    private volatile bool _open;

    public bool Open => _open;

    public async Task SetAsync(bool open, CancellationToken cancellationToken)
    {
        _open = open;
        Output.Line(Messages.Door(Name, open));
        await ReportAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task PublishStateAsync(CancellationToken cancellationToken)
    {
        var state = new Payloads.SensorState { Contact = !_open, Battery = Battery, Linkquality = LinkQuality };
        return PublishAsync(StateTopic, JsonSerializer.Serialize(state, Payloads.Json), retain: false, cancellationToken);
    }
}

/// <summary>
/// A Zigbee2MQTT smoke detector (the room's <c>fire_alarm</c>): <c>{"smoke":false,"battery":100,"linkquality":…}</c>, retained
/// as Zigbee2MQTT publishes it for a device with <c>retain: true</c> (an alarm must not be missed by a late subscriber).
/// </summary>
public sealed class FireAlarmSensor(RoomDevice device, string roomId, MqttSettings settings, SimOutput output, TimeProvider time)
    : BatterySensor(device, roomId, settings, output, time, battery: 100)
{
    private volatile bool _smoke;

    /// <summary>Whether the detector sees smoke (the alarm is active).</summary>
    public bool Smoke => _smoke;

    public async Task SetAsync(bool smoke, CancellationToken cancellationToken)
    {
        _smoke = smoke;
        Output.Line(Messages.FireAlarm(Name, smoke));
        await ReportAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The state payload, exactly as sent (for tests).</summary>
    internal static string StatePayload(bool smoke, int battery, int linkquality) =>
        JsonSerializer.Serialize(new Payloads.SensorState { Smoke = smoke, Battery = battery, Linkquality = linkquality }, Payloads.Json);

    protected override Task PublishStateAsync(CancellationToken cancellationToken) =>
        PublishAsync(StateTopic, StatePayload(_smoke, Battery, LinkQuality), retain: true, cancellationToken);
}
