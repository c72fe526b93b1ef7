namespace Inclusion.Iot.Edge.Domain.Occupancy;

/// <summary>How a sensor tells the room someone is there; the fusion treats each kind by its own rule.</summary>
public enum SensorKind
{
    /// <summary>PIR: <c>Active</c> on each motion, "clear" after the sensor's own no-motion timeout (Zigbee2MQTT <c>occupancy</c>).</summary>
    Motion,
    /// <summary>mmWave radar: sees a still person but flaps (Zigbee2MQTT <c>presence</c>); a "not present" is debounced.</summary>
    Presence,
    /// <summary>Door contact: <c>Active</c> means the door is open (Zigbee2MQTT <c>contact:false</c>).</summary>
    Door,
}
