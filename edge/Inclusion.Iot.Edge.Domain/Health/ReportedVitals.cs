namespace Inclusion.Iot.Edge.Domain.Health;

/// <summary>What a device says of its own health alongside a report: battery (%) and link quality (Zigbee LQI 0..255).</summary>
public sealed record ReportedVitals(int? BatteryPercent, int? LinkQuality);
