namespace Inclusion.Iot.Edge.Worker.RoomFile;

/// <summary>The validated room configuration file (schema version 1).</summary>
public sealed record RoomDefinition(string RoomId, IReadOnlyList<RoomDevice> Devices)
{
    public IEnumerable<RoomDevice> WithRole(DeviceRoleName role) => Devices.Where(d => d.Role == role);
}
