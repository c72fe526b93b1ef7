using System.Text.Json;
using System.Text.RegularExpressions;

namespace Inclusion.Iot.Edge.Worker.RoomFile;

/// <summary>
/// Reads and validates the room file strictly: unknown keys, missing keys, wrong types, unknown roles or
/// drivers and duplicate names all stop start-up with a message naming the key (e.g. <c>devices[3].role</c>), in the
/// process's UI culture (<see cref="StartupMessages"/>).
/// </summary>
public static partial class RoomFileLoader
{
    private static readonly Dictionary<string, DeviceRoleName> Roles = new(StringComparer.Ordinal)
    {
        ["lighting"] = DeviceRoleName.Lighting,
        ["occupancy"] = DeviceRoleName.Occupancy,
        ["door_contact"] = DeviceRoleName.DoorContact,
        ["entry_reader"] = DeviceRoleName.EntryReader,
        ["timer"] = DeviceRoleName.Timer,
    };

    private static readonly Dictionary<string, DeviceDriver> Drivers = new(StringComparer.Ordinal)
    {
        ["zigbee2mqtt"] = DeviceDriver.Zigbee2Mqtt,
        ["tasmota"] = DeviceDriver.Tasmota,
        ["inclusion"] = DeviceDriver.Inclusion,
    };

    /// <summary>Drivers the architecture names that this release does not run yet.</summary>
    private static readonly HashSet<string> LaterDrivers = new(StringComparer.Ordinal) { "gpio", "mfrc522", "sim" };

    private static readonly string[] RootKeys = ["schemaVersion", "roomId", "devices"];
    private static readonly string[] DeviceKeys = ["name", "role", "driver", "topic"];

    public static RoomDefinition Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RoomFileException(StartupMessages.RoomFileUnreadable(path, e.Message), e);
        }

        try
        {
            return Parse(text);
        }
        catch (RoomFileException e)
        {
            throw new RoomFileException(StartupMessages.RoomFileProblem(path, e.Message), e);
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
            throw new RoomFileException(StartupMessages.RoomFileNotJson((e.LineNumber ?? 0) + 1, e.Message), e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new RoomFileException(StartupMessages.RoomFileNotAnObject());
            RejectUnknown(root, RootKeys, string.Empty);

            if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v))
            {
                throw new RoomFileException(StartupMessages.SchemaVersionRequired());
            }

            if (v != 1) throw new RoomFileException(StartupMessages.SchemaVersionUnsupported(v));
            var roomId = RequiredString(root, "roomId", "roomId");
            CheckIdentifier(roomId, "roomId");

            if (!root.TryGetProperty("devices", out var devices) || devices.ValueKind != JsonValueKind.Array)
            {
                throw new RoomFileException(StartupMessages.DevicesArrayRequired());
            }

            var result = new List<RoomDevice>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var topics = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var device in devices.EnumerateArray())
            {
                var at = $"devices[{index}]";
                if (device.ValueKind != JsonValueKind.Object) throw new RoomFileException(StartupMessages.ObjectRequired(at));
                RejectUnknown(device, DeviceKeys, at + ".");
                var name = RequiredString(device, "name", $"{at}.name");
                CheckIdentifier(name, $"{at}.name");
                if (!names.Add(name)) throw new RoomFileException(StartupMessages.DeviceNameTaken($"{at}.name", name));

                var roleText = RequiredString(device, "role", $"{at}.role");
                if (!Roles.TryGetValue(roleText, out var role))
                {
                    throw new RoomFileException(StartupMessages.NotOneOf($"{at}.role", roleText, Roles.Keys));
                }

                var driverText = RequiredString(device, "driver", $"{at}.driver");
                if (LaterDrivers.Contains(driverText))
                {
                    throw new RoomFileException(StartupMessages.DriverNotAvailable($"{at}.driver", driverText));
                }

                if (!Drivers.TryGetValue(driverText, out var driver))
                {
                    throw new RoomFileException(StartupMessages.NotOneOf($"{at}.driver", driverText, Drivers.Keys));
                }

                CheckRoleDriver(at, role, roleText, driver, driverText);
                var topic = RequiredString(device, "topic", $"{at}.topic");
                if (topic.IndexOfAny(['+', '#']) >= 0 || topic.StartsWith('/') || topic.EndsWith('/'))
                {
                    throw new RoomFileException(StartupMessages.TopicNotPlain($"{at}.topic", topic));
                }

                if (!topics.Add($"{driver}/{topic}")) throw new RoomFileException(StartupMessages.TopicTaken($"{at}.topic", topic, driverText));
                result.Add(new RoomDevice(name, role, driver, topic));
                index++;
            }

            return new RoomDefinition(roomId, result);
        }
    }

    private static void CheckRoleDriver(string at, DeviceRoleName role, string roleText, DeviceDriver driver, string driverText)
    {
        var fits = role switch
        {
            DeviceRoleName.Lighting or DeviceRoleName.Occupancy or DeviceRoleName.DoorContact => driver == DeviceDriver.Zigbee2Mqtt,
            DeviceRoleName.EntryReader => driver == DeviceDriver.Tasmota,
            DeviceRoleName.Timer => driver == DeviceDriver.Inclusion,
            _ => false,
        };
        if (!fits) throw new RoomFileException(StartupMessages.DriverCannotDriveRole($"{at}.driver", driverText, roleText));
    }

    private static void RejectUnknown(JsonElement element, string[] known, string prefix)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new RoomFileException(StartupMessages.UnknownKey(prefix + property.Name, known));
            }
        }
    }

    private static string RequiredString(JsonElement element, string property, string key)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new RoomFileException(StartupMessages.NonEmptyStringRequired(key));
        }

        return value.GetString()!;
    }

    private static void CheckIdentifier(string value, string key)
    {
        if (!Identifier().IsMatch(value)) throw new RoomFileException(StartupMessages.InvalidIdentifier(key, value));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Identifier();
}
