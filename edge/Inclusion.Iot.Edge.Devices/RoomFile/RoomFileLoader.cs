using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Devices.RoomFile;

/// <summary>
/// Reads and validates the room file strictly, for the edge and firmware-sim alike: unknown keys, missing keys, wrong
/// types, unknown roles or drivers, a driver that cannot drive the role, duplicate names or topics, and (schema
/// version 2) pins, buses and addresses out of range or used twice all stop start-up with a message naming the key
/// (e.g. <c>devices[3].pin</c>), in the process's UI culture (<see cref="RoomFileMessages"/>). Version 1 files (MQTT
/// devices only) still load.
/// </summary>
public static partial class RoomFileLoader
{
    /// <summary>The highest BCM GPIO number on a Raspberry Pi's 40-pin header.</summary>
    public const int MaxGpio = 27;

    public static readonly IReadOnlyDictionary<string, DeviceRole> Roles = new Dictionary<string, DeviceRole>(StringComparer.Ordinal)
    {
        ["lighting"] = DeviceRole.Lighting,
        ["occupancy"] = DeviceRole.Occupancy,
        ["door_contact"] = DeviceRole.DoorContact,
        ["entry_reader"] = DeviceRole.EntryReader,
        ["timer"] = DeviceRole.Timer,
        ["lock"] = DeviceRole.Lock,
        ["fire_alarm"] = DeviceRole.FireAlarm,
        ["buzzer"] = DeviceRole.Buzzer,
    };

    public static readonly IReadOnlyDictionary<string, DeviceDriver> Drivers = new Dictionary<string, DeviceDriver>(StringComparer.Ordinal)
    {
        ["zigbee2mqtt"] = DeviceDriver.Zigbee2Mqtt,
        ["tasmota"] = DeviceDriver.Tasmota,
        ["inclusion"] = DeviceDriver.Inclusion,
        ["gpio"] = DeviceDriver.Gpio,
        ["mfrc522"] = DeviceDriver.Mfrc522,
        ["pn532"] = DeviceDriver.Pn532,
        ["ws2812b"] = DeviceDriver.Ws2812b,
        ["tm1637"] = DeviceDriver.Tm1637,
        ["pca9685"] = DeviceDriver.Pca9685,
        ["pwm"] = DeviceDriver.Pwm,
    };

    /// <summary>Which drivers can drive each role.</summary>
    public static readonly IReadOnlyDictionary<DeviceRole, IReadOnlyList<DeviceDriver>> DriversFor = new Dictionary<DeviceRole, IReadOnlyList<DeviceDriver>>
    {
        [DeviceRole.Lighting] = [DeviceDriver.Zigbee2Mqtt, DeviceDriver.Pca9685, DeviceDriver.Pwm],
        [DeviceRole.Occupancy] = [DeviceDriver.Zigbee2Mqtt, DeviceDriver.Gpio],
        [DeviceRole.DoorContact] = [DeviceDriver.Zigbee2Mqtt, DeviceDriver.Gpio],
        [DeviceRole.EntryReader] = [DeviceDriver.Tasmota, DeviceDriver.Mfrc522, DeviceDriver.Pn532],
        [DeviceRole.Timer] = [DeviceDriver.Inclusion, DeviceDriver.Ws2812b, DeviceDriver.Tm1637],
        [DeviceRole.Lock] = [DeviceDriver.Inclusion, DeviceDriver.Gpio],
        [DeviceRole.FireAlarm] = [DeviceDriver.Zigbee2Mqtt, DeviceDriver.Gpio],
        [DeviceRole.Buzzer] = [DeviceDriver.Gpio],
    };

    private static readonly string[] RootKeys = ["schemaVersion", "roomId", "devices"];
    private static readonly string[] CommonKeys = ["name", "role", "driver"];

    /// <summary>The wiring keys each hardware driver takes (schema version 2), with their ranges and defaults.</summary>
    private static readonly Dictionary<DeviceDriver, WiringKey[]> WiringKeys = new()
    {
        [DeviceDriver.Gpio] = [WiringKey.Gpio("pin", required: true), WiringKey.Flag("activeLow"), WiringKey.Number("debounceMs", 0, 10_000)],
        [DeviceDriver.Mfrc522] = [WiringKey.Number("spiBus", 0, 6, 0), WiringKey.Number("chipSelect", 0, 3, 0), WiringKey.Gpio("resetPin"), WiringKey.Number("pollMs", 20, 5_000)],
        [DeviceDriver.Pn532] = [WiringKey.Number("i2cBus", 0, 22), WiringKey.Address("i2cAddress"), WiringKey.Text("serialPort"), WiringKey.Number("pollMs", 20, 5_000)],
        [DeviceDriver.Ws2812b] = [WiringKey.Number("spiBus", 0, 6, 0), WiringKey.Number("chipSelect", 0, 3, 0), WiringKey.Number("ledCount", 1, 1_024, required: true)],
        [DeviceDriver.Tm1637] = [WiringKey.Gpio("clockPin", required: true), WiringKey.Gpio("dataPin", required: true)],
        [DeviceDriver.Pca9685] = [WiringKey.Number("i2cBus", 0, 22, 1), WiringKey.Address("i2cAddress", 0x40), WiringKey.Number("channel", 0, 15, required: true), WiringKey.Number("coolChannel", 0, 15)],
        [DeviceDriver.Pwm] = [WiringKey.Number("pwmChip", 0, 8, 0), WiringKey.Number("pwmChannel", 0, 3, required: true)],
    };

    /// <summary>Reads <paramref name="path"/>; <paramref name="setting"/> names where the path came from (e.g. <c>Edge:RoomConfigPath</c>).</summary>
    public static RoomDefinition Load(string path, string setting)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RoomFileException(RoomFileMessages.RoomFileUnreadable(path, setting, e.Message), e);
        }

        try
        {
            return Parse(text);
        }
        catch (RoomFileException e)
        {
            throw new RoomFileException(RoomFileMessages.RoomFileProblem(path, e.Message), e);
        }
    }

    public static RoomDefinition Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new RoomFileException(RoomFileMessages.RoomFileNotJson((e.LineNumber ?? 0) + 1, e.Message), e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new RoomFileException(RoomFileMessages.RoomFileNotAnObject());
            RejectUnknown(root, RootKeys, string.Empty);

            if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v))
            {
                throw new RoomFileException(RoomFileMessages.SchemaVersionRequired());
            }

            if (v is not (1 or 2)) throw new RoomFileException(RoomFileMessages.SchemaVersionUnsupported(v));
            var roomId = RequiredString(root, "roomId", "roomId");
            CheckIdentifier(roomId, "roomId");

            if (!root.TryGetProperty("devices", out var devices) || devices.ValueKind != JsonValueKind.Array)
            {
                throw new RoomFileException(RoomFileMessages.DevicesArrayRequired());
            }

            var result = new List<RoomDevice>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var topics = new HashSet<string>(StringComparer.Ordinal);
            var resources = new HardwareClaims();
            var index = 0;
            foreach (var device in devices.EnumerateArray())
            {
                var at = $"devices[{index}]";
                if (device.ValueKind != JsonValueKind.Object) throw new RoomFileException(RoomFileMessages.ObjectRequired(at));
                var name = RequiredString(device, "name", $"{at}.name");
                CheckIdentifier(name, $"{at}.name");
                if (!names.Add(name)) throw new RoomFileException(RoomFileMessages.DeviceNameTaken($"{at}.name", name));

                var roleText = RequiredString(device, "role", $"{at}.role");
                if (!Roles.TryGetValue(roleText, out var role)) throw new RoomFileException(RoomFileMessages.NotOneOf($"{at}.role", roleText, Roles.Keys));

                var driverText = RequiredString(device, "driver", $"{at}.driver");
                if (!Drivers.TryGetValue(driverText, out var driver)) throw new RoomFileException(RoomFileMessages.NotOneOf($"{at}.driver", driverText, Drivers.Keys));

                if (!DriversFor[role].Contains(driver))
                {
                    throw new RoomFileException(RoomFileMessages.DriverCannotDriveRole($"{at}.driver", driverText, roleText, DriversFor[role].Select(NameOf)));
                }

                RoomDevice parsed;
                if (WiringKeys.TryGetValue(driver, out var wiringKeys))
                {
                    if (v < 2) throw new RoomFileException(RoomFileMessages.NeedsVersion2($"{at}.driver", driverText));
                    parsed = new RoomDevice(name, role, driver, null, ReadWiring(device, at, driverText, wiringKeys));
                    resources.Claim(parsed, at);
                }
                else
                {
                    RejectUnknown(device, [.. CommonKeys, "topic"], at + ".");
                    var topic = driver == DeviceDriver.Inclusion ? OwnDeviceTopic(device, at, name) : RequiredString(device, "topic", $"{at}.topic");
                    if (topic.IndexOfAny(['+', '#', ' ']) >= 0 || topic.StartsWith('/') || topic.EndsWith('/'))
                    {
                        throw new RoomFileException(RoomFileMessages.TopicNotPlain($"{at}.topic", topic));
                    }

                    if (!topics.Add($"{driver}/{topic}")) throw new RoomFileException(RoomFileMessages.TopicTaken($"{at}.topic", topic, driverText));
                    parsed = new RoomDevice(name, role, driver, topic);
                }

                result.Add(parsed);
                index++;
            }

            return new RoomDefinition(roomId, result);
        }
    }

    /// <summary>The room-file name of a driver (<c>zigbee2mqtt</c>, <c>gpio</c> …).</summary>
    public static string NameOf(DeviceDriver driver) => Drivers.First(d => d.Value == driver).Key;

    /// <summary>The room-file name of a role (<c>lighting</c>, <c>entry_reader</c> …).</summary>
    public static string NameOf(DeviceRole role) => Roles.First(r => r.Value == role).Key;

    /// <summary>Our own ESP devices are addressed by name (<c>inclusion/&lt;room&gt;/device/&lt;name&gt;/…</c>): a topic, if given, must be the name.</summary>
    private static string OwnDeviceTopic(JsonElement device, string at, string name)
    {
        if (!device.TryGetProperty("topic", out _)) return name;
        var topic = RequiredString(device, "topic", $"{at}.topic");
        return topic == name ? name : throw new RoomFileException(RoomFileMessages.TopicIsName($"{at}.topic", name));
    }

    private static DeviceWiring ReadWiring(JsonElement device, string at, string driverText, WiringKey[] keys)
    {
        foreach (var property in device.EnumerateObject())
        {
            if (!CommonKeys.Contains(property.Name, StringComparer.Ordinal) && !keys.Any(k => k.Name == property.Name))
            {
                throw new RoomFileException(RoomFileMessages.KeyNotForDriver($"{at}.{property.Name}", driverText, keys.Select(k => k.Name)));
            }
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var path = $"{at}.{key.Name}";
            if (!device.TryGetProperty(key.Name, out var value))
            {
                if (key.Required) throw new RoomFileException(RoomFileMessages.KeyRequiredByDriver(path, driverText));
                values[key.Name] = key.Default;
                continue;
            }

            values[key.Name] = key.Kind switch
            {
                WiringKind.Flag => value.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? value.GetBoolean()
                    : throw new RoomFileException(RoomFileMessages.BooleanRequired(path)),
                WiringKind.Text => value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                    ? text
                    : throw new RoomFileException(RoomFileMessages.NonEmptyStringRequired(path)),
                WiringKind.Address => ReadAddress(value, path),
                _ => ReadNumber(value, path, key.Min, key.Max),
            };
        }

        int? Int(string name) => values.TryGetValue(name, out var o) ? (int?)o : null;
        var wiring = new DeviceWiring
        {
            Pin = Int("pin"),
            ActiveLow = values.TryGetValue("activeLow", out var low) && low is true,
            DebounceMs = Int("debounceMs"),
            SpiBus = Int("spiBus"),
            ChipSelect = Int("chipSelect"),
            ResetPin = Int("resetPin"),
            PollMs = Int("pollMs"),
            I2cBus = Int("i2cBus"),
            I2cAddress = Int("i2cAddress"),
            SerialPort = values.TryGetValue("serialPort", out var port) ? (string?)port : null,
            LedCount = Int("ledCount"),
            ClockPin = Int("clockPin"),
            DataPin = Int("dataPin"),
            Channel = Int("channel"),
            CoolChannel = Int("coolChannel"),
            PwmChip = Int("pwmChip"),
            PwmChannel = Int("pwmChannel"),
        };

        if (wiring.ClockPin is { } clock && clock == wiring.DataPin) throw new RoomFileException(RoomFileMessages.MustDiffer($"{at}.dataPin", $"{at}.clockPin"));
        if (wiring.CoolChannel is { } cool && cool == wiring.Channel) throw new RoomFileException(RoomFileMessages.MustDiffer($"{at}.coolChannel", $"{at}.channel"));
        if (wiring.ResetPin is { } reset && reset == wiring.Pin) throw new RoomFileException(RoomFileMessages.MustDiffer($"{at}.resetPin", $"{at}.pin"));
        if (wiring.SerialPort is { } serial)
        {
            if (wiring.I2cBus is not null || wiring.I2cAddress is not null) throw new RoomFileException(RoomFileMessages.NotBoth(at, "serialPort", "i2cBus/i2cAddress"));
            if (!serial.StartsWith("/dev/", StringComparison.Ordinal) || serial.Length <= 5) throw new RoomFileException(RoomFileMessages.SerialPortInvalid($"{at}.serialPort", serial));
        }
        else if (driverText == NameOf(DeviceDriver.Pn532))
        {
            // A PN532 without a serial port is on I2C: bus 1 of the header, the chip's fixed address 0x24.
            wiring = wiring with { I2cBus = wiring.I2cBus ?? 1, I2cAddress = wiring.I2cAddress ?? 0x24 };
        }

        return wiring;
    }

    private static int ReadNumber(JsonElement value, string path, int min, int max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number)) throw new RoomFileException(RoomFileMessages.IntegerRequired(path));
        if (number < min || number > max) throw new RoomFileException(RoomFileMessages.NumberOutOfRange(path, number, min, max));
        return (int)number;
    }

    /// <summary>A 7-bit I2C address outside the reserved ranges, as a number (64) or a hex string ("0x40").</summary>
    private static int ReadAddress(JsonElement value, string path)
    {
        int address;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n))
        {
            address = n;
        }
        else if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text
                 && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                 && int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            address = hex;
        }
        else
        {
            throw new RoomFileException(RoomFileMessages.I2cAddressInvalid(path, value.ToString()));
        }

        return address is >= 0x08 and <= 0x77 ? address : throw new RoomFileException(RoomFileMessages.I2cAddressInvalid(path, value.ToString()));
    }

    private static void RejectUnknown(JsonElement element, string[] known, string prefix)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new RoomFileException(RoomFileMessages.UnknownKey(prefix + property.Name, known));
            }
        }
    }

    private static string RequiredString(JsonElement element, string property, string key)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new RoomFileException(RoomFileMessages.NonEmptyStringRequired(key));
        }

        return value.GetString()!;
    }

    private static void CheckIdentifier(string value, string key)
    {
        if (!Identifier().IsMatch(value)) throw new RoomFileException(RoomFileMessages.InvalidIdentifier(key, value));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Identifier();
}
