using System.Text.Json;

namespace Inclusion.Iot.FirmwareSim.Configuration;

public static class DeviceRoles
{
    public const string Lighting = "lighting";
    public const string Occupancy = "occupancy";
    public const string DoorContact = "door_contact";
    public const string EntryReader = "entry_reader";
    public const string Timer = "timer";

    public static readonly IReadOnlyList<string> All = [Lighting, Occupancy, DoorContact, EntryReader, Timer];
}

public static class DeviceDrivers
{
    public const string Zigbee2Mqtt = "zigbee2mqtt";
    public const string Tasmota = "tasmota";
    public const string Inclusion = "inclusion";

    /// <summary>Drivers the edge knows that are not on MQTT (nothing for firmware-sim to stand in for).</summary>
    public static readonly IReadOnlyList<string> NotOnMqtt = ["gpio", "mfrc522", "sim"];

    public static readonly IReadOnlyList<string> All = [Zigbee2Mqtt, Tasmota, Inclusion, .. NotOnMqtt];
}

/// <summary>One device of the room file (<c>devices[i]</c>).</summary>
public sealed record RoomDevice(string Name, string Role, string Driver, string Topic);

/// <summary>The room file (deploy/demo/room.json shape): the devices firmware-sim stands in for.</summary>
public sealed record RoomConfig(string RoomId, IReadOnlyList<RoomDevice> Devices, IReadOnlyList<string> Notes)
{
    public static RoomConfig Load(string path) => JsonFile.Load(Messages.RoomFile, path, Parse);

    public static RoomConfig Parse(string json, string path = "(inline)") => JsonFile.Parse(Messages.RoomFile, path, json, Parse);

    private static RoomConfig Parse(JsonElement root, string path)
    {
        ConfigurationException Bad(string key, string problem) => new(Messages.InvalidFile(Messages.RoomFile, path, key, problem));

        if (root.ValueKind != JsonValueKind.Object) throw Bad("(root)", Messages.MustBeObject);
        if (!root.TryGetProperty("schemaVersion", out var version)) throw Bad("schemaVersion", Messages.IsRequired);
        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v)) throw Bad("schemaVersion", Messages.MustBeNumber);
        if (v != 1) throw Bad("schemaVersion", Messages.UnsupportedSchemaVersion(v));

        var roomId = RequiredString(root, "roomId", "roomId", Bad);
        if (!IsTopicSegment(roomId)) throw Bad("roomId", Messages.MqttTopicInvalid(roomId));

        if (!root.TryGetProperty("devices", out var devices)) throw Bad("devices", Messages.IsRequired);
        if (devices.ValueKind != JsonValueKind.Array) throw Bad("devices", Messages.MustBeArray);

        var list = new List<RoomDevice>();
        var notes = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var d in devices.EnumerateArray())
        {
            var key = $"devices[{i}]";
            if (d.ValueKind != JsonValueKind.Object) throw Bad(key, Messages.MustBeObject);
            var name = RequiredString(d, "name", key + ".name", Bad);
            if (!names.Add(name)) throw Bad(key + ".name", Messages.DuplicateName(name));
            var role = RequiredString(d, "role", key + ".role", Bad);
            if (!DeviceRoles.All.Contains(role)) throw Bad(key + ".role", Messages.UnknownValue(role, string.Join(", ", DeviceRoles.All)));
            var driver = RequiredString(d, "driver", key + ".driver", Bad);
            if (!DeviceDrivers.All.Contains(driver)) throw Bad(key + ".driver", Messages.UnknownValue(driver, string.Join(", ", DeviceDrivers.All)));
            var topic = d.TryGetProperty("topic", out var t) && t.ValueKind == JsonValueKind.String && t.GetString()!.Length > 0 ? t.GetString()! : name;
            if (!IsTopicSegment(topic)) throw Bad(key + ".topic", Messages.MqttTopicInvalid(topic));

            if (DeviceDrivers.NotOnMqtt.Contains(driver))
            {
                notes.Add(Messages.NotSimulated(key, driver));
            }
            else
            {
                var supported = (role, driver) switch
                {
                    (DeviceRoles.Lighting or DeviceRoles.Occupancy or DeviceRoles.DoorContact, DeviceDrivers.Zigbee2Mqtt) => true,
                    (DeviceRoles.EntryReader, DeviceDrivers.Tasmota) => true,
                    (DeviceRoles.Timer, DeviceDrivers.Inclusion) => true,
                    _ => false,
                };
                if (!supported) throw Bad(key + ".driver", Messages.RoleDriverMismatch(role, driver));
                list.Add(new RoomDevice(name, role, driver, topic));
            }

            i++;
        }

        return new RoomConfig(roomId, list, notes);
    }

    /// <summary>
    /// The device named <paramref name="nameOrTopic"/> (else the one with that topic), which must have <paramref name="role"/>
    /// if one is given; without a name, the room's first device of <paramref name="role"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No such device, or it has another role.</exception>
    public RoomDevice FindDevice(string? nameOrTopic, string? role = null)
    {
        if (nameOrTopic is null)
        {
            ArgumentNullException.ThrowIfNull(role);
            return Devices.FirstOrDefault(d => d.Role == role) ?? throw new ArgumentException(Messages.NoDeviceWithRole(role));
        }

        var device = Devices.FirstOrDefault(d => string.Equals(d.Name, nameOrTopic, StringComparison.OrdinalIgnoreCase))
                     ?? Devices.FirstOrDefault(d => string.Equals(d.Topic, nameOrTopic, StringComparison.OrdinalIgnoreCase))
                     ?? throw new ArgumentException(Messages.UnknownDevice(nameOrTopic));
        if (role is not null && device.Role != role) throw new ArgumentException(Messages.DeviceHasWrongRole(nameOrTopic, role));
        return device;
    }

    private static string RequiredString(JsonElement obj, string property, string key, Func<string, string, ConfigurationException> bad)
    {
        if (!obj.TryGetProperty(property, out var value)) throw bad(key, Messages.IsRequired);
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString())) throw bad(key, Messages.MustBeString);
        return value.GetString()!;
    }

    internal static bool IsTopicSegment(string s) =>
        s.Length > 0 && !s.Any(c => c is '/' or '+' or '#' || char.IsWhiteSpace(c) || char.IsControl(c));
}
