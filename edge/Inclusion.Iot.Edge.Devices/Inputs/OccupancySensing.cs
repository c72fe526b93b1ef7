namespace Inclusion.Iot.Edge.Devices.Inputs;

public enum OccupancySensing
{
    /// <summary>PIR: reports motion, then "clear" after its own no-motion timeout (Zigbee2MQTT <c>occupancy</c>).</summary>
    Motion,
    /// <summary>mmWave radar: sees a still person, but flaps (Zigbee2MQTT <c>presence</c>).</summary>
    Presence,
}
