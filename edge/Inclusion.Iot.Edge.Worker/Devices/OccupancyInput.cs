namespace Inclusion.Iot.Edge.Worker.Devices;

public sealed record OccupancyInput(string Device, bool Occupied) : DeviceInput(Device);
