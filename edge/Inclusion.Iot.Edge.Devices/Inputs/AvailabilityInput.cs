namespace Inclusion.Iot.Edge.Devices.Inputs;

/// <summary>
/// The device came online or went offline: Zigbee2MQTT <c>/availability</c>, Tasmota <c>LWT</c>, our devices'
/// availability, or a wired reader or sensor that stopped answering (<paramref name="Reason"/> says how).
/// </summary>
public sealed record AvailabilityInput(string Device, bool Online, string? Reason = null) : DeviceInput(Device);
