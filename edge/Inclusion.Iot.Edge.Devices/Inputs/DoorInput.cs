namespace Inclusion.Iot.Edge.Devices.Inputs;

public sealed record DoorInput(string Device, bool Open) : DeviceInput(Device);
