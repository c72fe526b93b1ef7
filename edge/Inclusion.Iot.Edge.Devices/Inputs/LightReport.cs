namespace Inclusion.Iot.Edge.Devices.Inputs;

/// <summary>A light reported its state (after a command, or on its own), in the room's units.</summary>
public sealed record LightReport(string Device, bool? On, int? BrightnessPercent, int? ColourTemperatureKelvin) : DeviceInput(Device);
