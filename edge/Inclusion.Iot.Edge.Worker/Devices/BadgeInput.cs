namespace Inclusion.Iot.Edge.Worker.Devices;

public sealed record BadgeInput(string Device, string Uid) : DeviceInput(Device);
