namespace Inclusion.Iot.Edge.Worker.Panel;

/// <summary>A device the panel shows as needing attention: its name, status code (<c>offline</c>, <c>stale</c>, <c>low_battery</c>) and the status in the panel's language.</summary>
public sealed record PanelDevice(string Name, string Status, string StatusText, DateTimeOffset? LastSeen, int? BatteryPercent);
