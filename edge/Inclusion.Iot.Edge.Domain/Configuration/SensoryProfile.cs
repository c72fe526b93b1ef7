namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>D-IPR environment adaptations the room carries out for a pupil, in the room's units.</summary>
public sealed record SensoryProfile
{
    /// <summary>Lighting level, 0..100 %.</summary>
    public int BrightnessPercent { get; init; } = 47;
    /// <summary>Colour temperature in kelvin (warm 2700 … cool 6500).</summary>
    public int ColourTemperatureKelvin { get; init; } = 2700;
    /// <summary>No sudden changes: the shortest fade the lights may use, in seconds.</summary>
    public int MinFadeSeconds { get; init; } = 3;
    /// <summary><c>ring</c>, <c>digits</c> or <c>colours</c>.</summary>
    public string TimerStyle { get; init; } = "ring";
    public bool Chime { get; init; }
}
