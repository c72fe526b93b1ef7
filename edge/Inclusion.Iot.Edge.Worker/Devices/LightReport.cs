namespace Inclusion.Iot.Edge.Worker.Devices;

/// <summary>A light reported its state (after a command, or on its own).</summary>
public sealed record LightReport(string Device, string? State, int? Brightness, int? ColorTemp) : DeviceInput(Device);
