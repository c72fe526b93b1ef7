namespace Inclusion.Iot.Edge.Devices.Inputs;

/// <summary>An occupancy or presence sensor's report, with how it senses (occupancy fusion treats them differently).</summary>
public sealed record OccupancyInput(string Device, bool Occupied, OccupancySensing Sensing = OccupancySensing.Motion) : DeviceInput(Device);
