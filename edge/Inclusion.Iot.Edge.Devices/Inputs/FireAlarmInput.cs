namespace Inclusion.Iot.Edge.Devices.Inputs;

/// <summary>The fire-alarm input changed: the building's alarm contact, or a detector's <c>smoke</c>.</summary>
public sealed record FireAlarmInput(string Device, bool Active) : DeviceInput(Device);
