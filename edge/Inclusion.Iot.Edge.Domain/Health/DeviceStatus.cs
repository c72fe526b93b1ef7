namespace Inclusion.Iot.Edge.Domain.Health;

/// <summary>A device's health, worst first when several apply: offline, then stale, then low battery.</summary>
public enum DeviceStatus
{
    Ok,
    /// <summary>Its availability says offline (Zigbee2MQTT <c>/availability</c>, Tasmota <c>LWT</c>, a wired device that stopped answering).</summary>
    Offline,
    /// <summary>A device of a role with a staleness limit has not reported for that long.</summary>
    Stale,
    /// <summary>The battery is at or below the policy's threshold (and has not yet recovered past the recovery level).</summary>
    LowBattery,
}
