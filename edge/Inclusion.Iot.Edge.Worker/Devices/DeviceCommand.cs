namespace Inclusion.Iot.Edge.Worker.Devices;

/// <summary>One MQTT publication to a device.</summary>
public sealed record DeviceCommand(string Topic, byte[] Payload, bool Retain);
