using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>How the room treats a pupil: lighting, the slowest fade, the timer's style, chime and noise cue.</summary>
public sealed record ConfiguredSensoryProfile(
    int Brightness,
    int ColorTempMireds,
    int MinTransitionSeconds,
    TimerStyle TimerStyle,
    bool Chime,
    int NoiseCueLevel);
