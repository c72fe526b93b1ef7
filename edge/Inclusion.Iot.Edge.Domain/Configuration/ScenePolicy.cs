using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// The room's own lighting between sessions and the pacing of a session's scenes: the idle scene, how long the arrival
/// scene holds before the pupil's own level, and the slowest-fade floor. Zero or negative means "the shipped preset".
/// </summary>
public sealed record ScenePolicy
{
    public const int PresetIdleBrightnessPercent = 47;
    public const int PresetIdleColourTemperatureKelvin = 2700;
    public const int PresetFadeSeconds = 3;
    public const int PresetArrivalSeconds = 30;

    public int IdleBrightnessPercent { get; init; } = PresetIdleBrightnessPercent;
    public int IdleColourTemperatureKelvin { get; init; } = PresetIdleColourTemperatureKelvin;
    /// <summary>The shortest fade any change may use, whatever a profile says.</summary>
    public int MinFadeSeconds { get; init; } = PresetFadeSeconds;
    public int ArrivalSeconds { get; init; } = PresetArrivalSeconds;

    public int FadeFloorSeconds => MinFadeSeconds > 0 ? MinFadeSeconds : PresetFadeSeconds;

    public TimeSpan Arrival => TimeSpan.FromSeconds(ArrivalSeconds > 0 ? ArrivalSeconds : PresetArrivalSeconds);

    /// <summary>The room at rest between sessions.</summary>
    public LightScene Idle => new(
        true,
        Math.Clamp(IdleBrightnessPercent > 0 ? IdleBrightnessPercent : PresetIdleBrightnessPercent, 0, 100),
        Math.Clamp(IdleColourTemperatureKelvin > 0 ? IdleColourTemperatureKelvin : PresetIdleColourTemperatureKelvin, LightScene.WarmestKelvin, LightScene.CoolestKelvin),
        FadeFloorSeconds);
}
