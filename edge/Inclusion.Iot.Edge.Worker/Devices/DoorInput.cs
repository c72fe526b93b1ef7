namespace Inclusion.Iot.Edge.Worker.Devices;

public sealed record DoorInput(string Device, bool Open) : DeviceInput(Device);
