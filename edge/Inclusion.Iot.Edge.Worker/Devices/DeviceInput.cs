namespace Inclusion.Iot.Edge.Worker.Devices;

/// <summary>What a device reported, read from its own convention's payload.</summary>
public abstract record DeviceInput(string Device);
