namespace Inclusion.Iot.Edge.Devices.Inputs;

/// <summary>A device reported only how it is (battery, link quality): it is alive, nothing in the room changed.</summary>
public sealed record VitalsReport(string Device) : DeviceInput(Device);
