using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Devices.RoomFile;

/// <summary>The validated room file (schema version 1 or 2): the room and its devices.</summary>
public sealed record RoomDefinition(string RoomId, IReadOnlyList<RoomDevice> Devices)
{
    public IEnumerable<RoomDevice> WithRole(DeviceRole role) => Devices.Where(d => d.Role == role);

    public RoomDevice? Named(string name) => Devices.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));
}
