namespace Inclusion.Iot.Edge.Worker.Panel;

/// <summary>A light's last reported state (Zigbee2MQTT), keyed by device name in <c>/api/state</c>.</summary>
public sealed record PanelLight(string? State, int? Brightness, int? ColorTemp);
