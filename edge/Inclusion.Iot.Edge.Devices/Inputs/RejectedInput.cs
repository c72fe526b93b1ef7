namespace Inclusion.Iot.Edge.Devices.Inputs;

/// <summary>
/// The payload or hardware answer could not be read; recorded, never acted on. <paramref name="Source"/> is the MQTT
/// topic, or the bus for a wired device (e.g. <c>spi0.0</c>).
/// </summary>
public sealed record RejectedInput(string Device, string Source, string Reason) : DeviceInput(Device);
