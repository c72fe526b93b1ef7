namespace Inclusion.Iot.Edge.Worker.RoomFile;

/// <summary>One device of the room file: its name in the room, its role, how it is driven and its topic.</summary>
public sealed record RoomDevice(string Name, DeviceRoleName Role, DeviceDriver Driver, string Topic);
