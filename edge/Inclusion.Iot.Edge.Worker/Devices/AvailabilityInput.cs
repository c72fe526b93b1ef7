namespace Inclusion.Iot.Edge.Worker.Devices;

public sealed record AvailabilityInput(string Device, bool Online) : DeviceInput(Device);
