namespace Inclusion.Iot.Edge.Worker.Panel;

/// <summary>A light's last reported state in the room's units, keyed by device name in <c>/api/state</c>.</summary>
public sealed record PanelLight(bool? On, int? BrightnessPercent, int? ColourTemperatureKelvin);
