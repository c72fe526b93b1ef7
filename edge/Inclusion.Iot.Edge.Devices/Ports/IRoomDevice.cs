namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>One device of the room, by its name in the room file.</summary>
public interface IRoomDevice
{
    string Name { get; }
}
