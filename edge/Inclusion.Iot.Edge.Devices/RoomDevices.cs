using Inclusion.Iot.Edge.Devices.Hardware;
using Inclusion.Iot.Edge.Devices.Inclusion;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Devices.RoomFile;
using Inclusion.Iot.Edge.Devices.Tasmota;
using Inclusion.Iot.Edge.Devices.Zigbee2Mqtt;
using Inclusion.Iot.Edge.Domain.Configuration;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Devices;

/// <summary>
/// The room's devices as ports, one driver per device of the room file: what the room commands (lighting zones, timer
/// displays, locks, buzzers), what reports over MQTT (read by topic) and what is wired to the Pi (watched by
/// <see cref="IHardwareInput.RunAsync"/>). Disposing releases every lock first, then closes the hardware.
/// </summary>
public sealed class RoomDevices : IAsyncDisposable
{
    private readonly Dictionary<string, IMqttDevice> _byTopic = new(StringComparer.Ordinal);
    private readonly List<IRoomDevice> _all;
    private readonly IDeviceBuses? _buses;

    public RoomDevices(RoomDefinition room, IEnumerable<IRoomDevice> devices, IDeviceBuses? buses = null)
    {
        Room = room ?? throw new ArgumentNullException(nameof(room));
        _all = [.. devices];
        _buses = buses;
        foreach (var device in _all.OfType<IMqttDevice>())
        {
            foreach (var topic in device.TopicFilters) _byTopic[topic] = device;
        }
    }

    public RoomDefinition Room { get; }

    public IReadOnlyList<IRoomDevice> All => _all;

    public IEnumerable<ILightingZone> Lighting => _all.OfType<ILightingZone>();

    public IEnumerable<ITimerDisplay> Timers => _all.OfType<ITimerDisplay>();

    public IEnumerable<IDoorLock> Locks => _all.OfType<IDoorLock>();

    public IEnumerable<IBuzzer> Buzzers => _all.OfType<IBuzzer>();

    public IEnumerable<IHardwareInput> HardwareInputs => _all.OfType<IHardwareInput>();

    /// <summary>Every MQTT topic the room's MQTT devices report on (exact topics, no wildcards).</summary>
    public IEnumerable<string> TopicFilters => _byTopic.Keys;

    /// <summary>
    /// Opens a driver for every device of <paramref name="room"/>. Hardware buses are opened only when the room has wired
    /// devices (a room of MQTT devices never touches GPIO).
    /// </summary>
    public static RoomDevices Open(RoomDefinition room, IMqttPublisher mqtt, Func<IDeviceBuses> buses, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(buses);
        IDeviceBuses? opened = null;
        IDeviceBuses Buses() => opened ??= buses();
        var devices = new List<IRoomDevice>();
        try
        {
            foreach (var device in room.Devices) devices.Add(DriverFor(room, device, mqtt, Buses, time, loggers));
        }
        catch
        {
            opened?.Dispose();
            throw;
        }

        return new RoomDevices(room, devices, opened);
    }

    /// <summary>The device that reports on <paramref name="topic"/> reads the message; null when no device does.</summary>
    public DeviceInput? Read(string topic, ReadOnlySpan<byte> payload) =>
        _byTopic.TryGetValue(topic, out var device) ? device.Read(topic, payload) : null;

    public async ValueTask DisposeAsync()
    {
        // Fail-safe first: every lock released before anything else is closed.
        foreach (var doorLock in Locks) await doorLock.DisposeAsync().ConfigureAwait(false);
        foreach (var device in _all.Where(d => d is not IDoorLock).OfType<IAsyncDisposable>()) await device.DisposeAsync().ConfigureAwait(false);
        _buses?.Dispose();
    }

    private static IRoomDevice DriverFor(RoomDefinition room, RoomDevice device, IMqttPublisher mqtt, Func<IDeviceBuses> buses, TimeProvider time, ILoggerFactory loggers) =>
        (device.Driver, device.Role) switch
        {
            (DeviceDriver.Zigbee2Mqtt, DeviceRole.Lighting) => new Zigbee2MqttLight(device.Name, device.Topic!, mqtt),
            (DeviceDriver.Zigbee2Mqtt, DeviceRole.Occupancy) => new Zigbee2MqttOccupancySensor(device.Name, device.Topic!),
            (DeviceDriver.Zigbee2Mqtt, DeviceRole.DoorContact) => new Zigbee2MqttDoorContact(device.Name, device.Topic!),
            (DeviceDriver.Zigbee2Mqtt, DeviceRole.FireAlarm) => new Zigbee2MqttSmokeDetector(device.Name, device.Topic!),
            (DeviceDriver.Tasmota, DeviceRole.EntryReader) => new TasmotaBadgeReader(device.Name, device.Topic!),
            (DeviceDriver.Inclusion, DeviceRole.Timer) => new InclusionTimerDisplay(room.RoomId, device.Name, mqtt),
            (DeviceDriver.Inclusion, DeviceRole.Lock) => new InclusionDoorLock(room.RoomId, device.Name, mqtt),
            _ => WiredDevices.Open(device, buses(), time, loggers),
        };
}
