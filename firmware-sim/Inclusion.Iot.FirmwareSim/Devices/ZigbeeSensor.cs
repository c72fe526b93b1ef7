using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.FirmwareSim.Configuration;

namespace Inclusion.Iot.FirmwareSim.Devices;

/// <summary>A Zigbee2MQTT occupancy sensor: <c>{"occupancy":true,"illuminance":…,"battery":…,"linkquality":…}</c>.</summary>
public sealed class OccupancySensor(RoomDevice device, string roomId, MqttSettings settings, SimOutput output, TimeProvider time)
    : ZigbeeDevice(device, roomId, settings, output, time)
{
    private volatile bool _occupied;

    public bool Occupied => _occupied;

    public async Task SetAsync(bool occupied, CancellationToken cancellationToken)
    {
        _occupied = occupied;
        Output.Line(Messages.Occupancy(Name, occupied));
        if (Online) await PublishStateAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task PublishStateAsync(CancellationToken cancellationToken)
    {
        var state = new Payloads.SensorState
        {
            Occupancy = _occupied,
            Illuminance = _occupied ? 310 : 290,
            Battery = 97,
            Linkquality = LinkQuality,
        };
        return PublishAsync(StateTopic, JsonSerializer.Serialize(state, Payloads.Json), retain: false, cancellationToken);
    }
}

/// <summary>A Zigbee2MQTT door contact: <c>{"contact":false}</c> means open, plus battery and link quality.</summary>
public sealed class DoorContact(RoomDevice device, string roomId, MqttSettings settings, SimOutput output, TimeProvider time)
    : ZigbeeDevice(device, roomId, settings, output, time)
{
    private volatile bool _open;

    public bool Open => _open;

    public async Task SetAsync(bool open, CancellationToken cancellationToken)
    {
        _open = open;
        Output.Line(Messages.Door(Name, open));
        if (Online) await PublishStateAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task PublishStateAsync(CancellationToken cancellationToken)
    {
        var state = new Payloads.SensorState { Contact = !_open, Battery = 91, Linkquality = LinkQuality };
        return PublishAsync(StateTopic, JsonSerializer.Serialize(state, Payloads.Json), retain: false, cancellationToken);
    }
}
