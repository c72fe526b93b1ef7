using System.Text;
using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Zigbee2Mqtt;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Edge.Worker.RoomFile;

namespace Inclusion.Iot.Edge.Worker.Devices;

/// <summary>
/// The room's MQTT devices, per the conventions real firmware speaks: reads Zigbee2MQTT lights, sensors and
/// availability, Tasmota RC522/PN532 reads and LWT, our timer display's availability; writes light
/// <c>/set</c> commands and timer display commands. Pure translation: no I/O here.
/// </summary>
public sealed class RoomDevices(RoomDefinition room)
{
    private const int MaxUidLength = 32;

    public RoomDefinition Room { get; } = room ?? throw new ArgumentNullException(nameof(room));

    public IEnumerable<string> TopicFilters()
    {
        foreach (var device in Room.Devices)
        {
            switch (device.Driver)
            {
                case DeviceDriver.Zigbee2Mqtt:
                    yield return Zigbee2MqttTopics.State(device.Topic);
                    yield return Zigbee2MqttTopics.Availability(device.Topic);
                    break;
                case DeviceDriver.Tasmota:
                    yield return TasmotaTopics.Sensor(device.Topic);
                    yield return TasmotaTopics.LastWill(device.Topic);
                    break;
                case DeviceDriver.Inclusion:
                    yield return RoomTopics.DeviceAvailability(Room.RoomId, device.Name);
                    break;
            }
        }
    }

    /// <summary>Reads one message; null when the topic is none of this room's devices.</summary>
    public DeviceInput? Read(string topic, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (Zigbee2MqttTopics.TryParseAvailability(topic, out var zigbeeName))
        {
            var device = Find(DeviceDriver.Zigbee2Mqtt, zigbeeName);
            if (device is null) return null;
            var text = Encoding.UTF8.GetString(payload).Trim();
            // Zigbee2MQTT sends {"state":"online"}; older versions a bare "online".
            if (text is "online" or "offline") return new AvailabilityInput(device.Name, text == "online");
            var availability = Deserialize<Payloads.Availability>(payload, Payloads.Json, out var error);
            return availability?.State is "online" or "offline"
                ? new AvailabilityInput(device.Name, availability.IsOnline)
                : new RejectedInput(device.Name, topic, error ?? "availability state is neither 'online' nor 'offline'");
        }

        if (Zigbee2MqttTopics.TryParseState(topic, out var stateName))
        {
            var device = Find(DeviceDriver.Zigbee2Mqtt, stateName);
            return device is null ? null : ReadZigbeeState(device, topic, payload);
        }

        if (TasmotaTopics.TryParseSensor(topic, out var readerTopic))
        {
            var device = Find(DeviceDriver.Tasmota, readerTopic);
            if (device is null) return null;
            var sensor = Deserialize<Payloads.TasmotaSensor>(payload, Payloads.TasmotaJson, out var error);
            if (sensor is null) return new RejectedInput(device.Name, topic, error!);
            var uid = sensor.Card?.UID;
            if (uid is null) return new RejectedInput(device.Name, topic, "no RC522 or PN532 UID in the SENSOR message");
            var normalised = Domain.Configuration.BadgeHash.Normalise(uid);
            if (normalised.Length is 0 or > MaxUidLength || !normalised.All(Uri.IsHexDigit))
            {
                return new RejectedInput(device.Name, topic, "the UID is not 1..32 hexadecimal digits");
            }

            return new BadgeInput(device.Name, normalised);
        }

        if (TasmotaTopics.TryParseLastWill(topic, out var lwtTopic))
        {
            var device = Find(DeviceDriver.Tasmota, lwtTopic);
            if (device is null) return null;
            var text = Encoding.UTF8.GetString(payload).Trim();
            return text switch
            {
                TasmotaTopics.Online => new AvailabilityInput(device.Name, true),
                TasmotaTopics.Offline => new AvailabilityInput(device.Name, false),
                _ => new RejectedInput(device.Name, topic, "LWT is neither 'Online' nor 'Offline'"),
            };
        }

        var inclusion = Room.Devices.FirstOrDefault(d => d.Driver == DeviceDriver.Inclusion && topic == RoomTopics.DeviceAvailability(Room.RoomId, d.Name));
        if (inclusion is not null)
        {
            var text = Encoding.UTF8.GetString(payload).Trim();
            return text switch
            {
                "online" => new AvailabilityInput(inclusion.Name, true),
                "offline" => new AvailabilityInput(inclusion.Name, false),
                _ => new RejectedInput(inclusion.Name, topic, "availability is neither 'online' nor 'offline'"),
            };
        }

        return null;
    }

    /// <summary>The MQTT publications that carry out one effect (room state is published by the caller).</summary>
    public IReadOnlyList<DeviceCommand> Commands(RoomEffect effect)
    {
        IEnumerable<RoomDevice> Targets(DeviceRoleName role, string? only) =>
            Room.WithRole(role).Where(d => only is null || string.Equals(d.Name, only, StringComparison.Ordinal));

        switch (effect)
        {
            case SetLights { Scene: var scene, Device: var only }:
                var light = new Payloads.LightState
                {
                    State = scene.On ? "ON" : "OFF",
                    Brightness = ZigbeeLightUnits.Brightness(scene.BrightnessPercent),
                    ColorTemp = ZigbeeLightUnits.Mireds(scene.ColourTemperatureKelvin),
                    Transition = scene.FadeSeconds,
                };
                var lightBytes = JsonSerializer.SerializeToUtf8Bytes(light, Payloads.Json);
                return [.. Targets(DeviceRoleName.Lighting, only).Select(d => new DeviceCommand(Zigbee2MqttTopics.Set(d.Topic), lightBytes, false))];
            case ShowTimer { Display: var display, Device: var onlyTimer }:
                var command = new Payloads.TimerDisplayCommand
                {
                    Mode = display.Countdown ? "countdown" : "off",
                    RemainingSeconds = display.RemainingSeconds,
                    TotalSeconds = display.TotalSeconds,
                    Phase = display.Phase is { } phase ? PhaseName(phase) : null,
                    Style = display.Style,
                    Chime = display.Chime,
                };
                var timerBytes = JsonSerializer.SerializeToUtf8Bytes(command, Payloads.Json);
                return [.. Targets(DeviceRoleName.Timer, onlyTimer).Select(d => new DeviceCommand(RoomTopics.DeviceSet(Room.RoomId, d.Name), timerBytes, false))];
            default:
                return [];
        }
    }

    /// <summary>The name of <paramref name="session"/>'s timer phase at <paramref name="now"/>.</summary>
    public static string PhaseName(RunningSession session, DateTimeOffset now) => PhaseName(RoomStateMachine.PhaseAt(session, now));

    public static string PhaseName(TimerPhase phase) => phase switch
    {
        TimerPhase.Running => "running",
        TimerPhase.FiveMinuteWarning => "five_minute_warning",
        TimerPhase.OneMinuteWarning => "one_minute_warning",
        TimerPhase.Ended => "ended",
        _ => "overrun",
    };

    private RoomDevice? Find(DeviceDriver driver, string topic) =>
        Room.Devices.FirstOrDefault(d => d.Driver == driver && d.Topic == topic);

    private static DeviceInput ReadZigbeeState(RoomDevice device, string topic, ReadOnlySpan<byte> payload)
    {
        switch (device.Role)
        {
            case DeviceRoleName.Lighting:
                var light = Deserialize<Payloads.LightState>(payload, Payloads.Json, out var lightError);
                if (light is null) return new RejectedInput(device.Name, topic, lightError!);
                if (light.Brightness is < 0 or > 254) return new RejectedInput(device.Name, topic, "brightness is outside 0..254");
                return new LightReport(
                    device.Name,
                    light.State is null ? null : string.Equals(light.State, "ON", StringComparison.OrdinalIgnoreCase),
                    light.Brightness is { } b ? ZigbeeLightUnits.Percent(b) : null,
                    light.ColorTemp is { } m ? ZigbeeLightUnits.Kelvin(m) : null);
            case DeviceRoleName.Occupancy:
                var sensor = Deserialize<Payloads.SensorState>(payload, Payloads.Json, out var sensorError);
                if (sensor is null) return new RejectedInput(device.Name, topic, sensorError!);
                var occupied = sensor.Occupancy ?? sensor.Presence;
                return occupied is { } value
                    ? new OccupancyInput(device.Name, value, sensor.Occupancy is null ? OccupancySensing.Presence : OccupancySensing.Motion)
                    : new RejectedInput(device.Name, topic, "neither 'occupancy' nor 'presence' is present");
            case DeviceRoleName.DoorContact:
                var door = Deserialize<Payloads.SensorState>(payload, Payloads.Json, out var doorError);
                if (door is null) return new RejectedInput(device.Name, topic, doorError!);
                return door.Contact is { } contact
                    ? new DoorInput(device.Name, !contact)
                    : new RejectedInput(device.Name, topic, "'contact' is missing");
            default:
                return new RejectedInput(device.Name, topic, $"a {device.Role} device does not report on this topic");
        }
    }

    private static T? Deserialize<T>(ReadOnlySpan<byte> payload, JsonSerializerOptions options, out string? error)
        where T : class
    {
        error = null;
        try
        {
            var value = JsonSerializer.Deserialize<T>(payload, options);
            if (value is null) error = "the payload is JSON null";
            return value;
        }
        catch (JsonException e)
        {
            error = $"not a valid {typeof(T).Name} JSON payload: {e.Message}";
            return null;
        }
    }
}
