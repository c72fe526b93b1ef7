namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>D-IPR environment adaptations the room carries out for a pupil.</summary>
public sealed record SensoryProfile
{
    /// <summary>0..254, Zigbee2MQTT brightness.</summary>
    public int Brightness { get; init; } = 120;
    /// <summary>153..500 mireds.</summary>
    public int ColorTempMireds { get; init; } = 370;
    /// <summary>No sudden changes: the shortest fade the lights may use.</summary>
    public int MinTransitionSeconds { get; init; } = 3;
    /// <summary><c>ring</c>, <c>digits</c> or <c>colours</c>.</summary>
    public string TimerStyle { get; init; } = "ring";
    public bool Chime { get; init; }
}
