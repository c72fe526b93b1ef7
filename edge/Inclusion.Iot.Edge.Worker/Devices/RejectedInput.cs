namespace Inclusion.Iot.Edge.Worker.Devices;

/// <summary>The payload could not be read; recorded, never acted on.</summary>
public sealed record RejectedInput(string Device, string Topic, string Reason) : DeviceInput(Device);
