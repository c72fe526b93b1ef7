namespace Inclusion.Iot.Server.Data;

/// <summary>D-IPR environment adaptations that the room carries out for a pupil.</summary>
public sealed class SensoryProfile
{
    /// <summary>0..254, Zigbee2MQTT brightness.</summary>
    public int Brightness { get; set; }

    /// <summary>153..500 mireds.</summary>
    public int ColorTempMireds { get; set; }

    /// <summary>No sudden changes: the shortest fade the lights may use.</summary>
    public int MinTransitionSeconds { get; set; }

    public TimerStyle TimerStyle { get; set; }

    public bool Chime { get; set; }

    /// <summary>0 silent .. 3 clear cue.</summary>
    public int NoiseCueLevel { get; set; }
}
