namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>The buzzer's few sounds: soft and short, never an alarm tone (the room is for sensory rest).</summary>
public enum Chime
{
    /// <summary>One short soft tone: a warning phase begins.</summary>
    Warning,
    /// <summary>Two soft tones: the session's time is up.</summary>
    End,
}
