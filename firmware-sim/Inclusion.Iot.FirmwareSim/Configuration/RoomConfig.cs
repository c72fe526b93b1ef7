using Inclusion.Iot.Edge.Devices.RoomFile;
using DomainRole = Inclusion.Iot.Edge.Domain.Configuration.DeviceRole;

namespace Inclusion.Iot.FirmwareSim.Configuration;

/// <summary>The room-file role names of the devices firmware-sim plays.</summary>
public static class DeviceRoles
{
    public const string Lighting = "lighting";
    public const string Occupancy = "occupancy";
    public const string DoorContact = "door_contact";
    public const string EntryReader = "entry_reader";
    public const string Timer = "timer";
    public const string FireAlarm = "fire_alarm";
    public const string Lock = "lock";

    public static readonly IReadOnlyList<string> All = [Lighting, Occupancy, DoorContact, EntryReader, Timer, FireAlarm, Lock];
}

/// <summary>One device of the room file that firmware-sim stands in for (<c>devices[i]</c>), named as the file names it.</summary>
public sealed record RoomDevice(string Name, string Role, string Driver, string Topic);

/// <summary>
/// The room file, read by the edge's own loader (<see cref="RoomFileLoader"/>: one parser, one set of rules and messages
/// for both programs), and the devices firmware-sim plays: the MQTT ones. Wired devices and roles it does not play yet
/// are left out with a note.
/// </summary>
public sealed record RoomConfig(string RoomId, IReadOnlyList<RoomDevice> Devices, IReadOnlyList<string> Notes)
{
    private static readonly DomainRole[] Simulated = [DomainRole.Lighting, DomainRole.Occupancy, DomainRole.DoorContact, DomainRole.EntryReader, DomainRole.Timer, DomainRole.FireAlarm, DomainRole.Lock];

    public static RoomConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new ConfigurationException(Messages.FileNotFound(Messages.RoomFile, path));
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(Messages.FileUnreadable(Messages.RoomFile, path, e.Message));
        }

        return Parse(text, path);
    }

    public static RoomConfig Parse(string json, string path = "(inline)")
    {
        RoomDefinition room;
        try
        {
            room = RoomFileLoader.Parse(json);
        }
        catch (RoomFileException e)
        {
            throw new ConfigurationException(Messages.FileRefused(Messages.RoomFile, path, e.Message));
        }

        var devices = new List<RoomDevice>();
        var notes = new List<string>();
        for (var i = 0; i < room.Devices.Count; i++)
        {
            var device = room.Devices[i];
            var key = $"devices[{i}]";
            var driver = RoomFileLoader.NameOf(device.Driver);
            var role = RoomFileLoader.NameOf(device.Role);
            if (!device.OnMqtt) notes.Add(Messages.NotSimulated(key, driver));
            else if (!Simulated.Contains(device.Role)) notes.Add(Messages.RoleNotSimulated(key, role));
            else devices.Add(new RoomDevice(device.Name, role, driver, device.Topic!));
        }

        return new RoomConfig(room.RoomId, devices, notes);
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
}
