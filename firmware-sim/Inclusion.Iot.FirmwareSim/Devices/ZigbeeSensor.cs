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
