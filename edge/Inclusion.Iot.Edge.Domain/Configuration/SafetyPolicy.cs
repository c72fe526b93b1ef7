namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// R-ESCORT's safety numbers: how long the room may be occupied with no escort before it alarms, and how long the door's
/// lock stays released after an accepted badge. Zero or negative means "the preset".
/// </summary>
public sealed record SafetyPolicy
{
    public const int PresetUnescortedGraceSeconds = 20;
    public const int PresetUnlockSeconds = 5;
    public const int PresetOverrideSeconds = 120;

    /// <summary>How long after an overridable refusal the panel still offers the override.</summary>
    public int OverrideSeconds { get; init; } = PresetOverrideSeconds;

    public TimeSpan OverrideWindow => TimeSpan.FromSeconds(OverrideSeconds > 0 ? OverrideSeconds : PresetOverrideSeconds);

    public int UnescortedGraceSeconds { get; init; } = PresetUnescortedGraceSeconds;
    public int UnlockSeconds { get; init; } = PresetUnlockSeconds;

    public TimeSpan UnescortedGrace => TimeSpan.FromSeconds(UnescortedGraceSeconds > 0 ? UnescortedGraceSeconds : PresetUnescortedGraceSeconds);
    public TimeSpan Unlock => TimeSpan.FromSeconds(UnlockSeconds > 0 ? UnlockSeconds : PresetUnlockSeconds);
}
