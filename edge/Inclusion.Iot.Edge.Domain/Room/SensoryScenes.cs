using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>
/// D-IPR adaptations carried out by the lights. A session's scenes come from its pupils' profiles: a group uses the most
/// conservative of them (the dimmest level, the warmest white, the slowest fade, a chime only if every pupil wants one).
/// <list type="bullet">
/// <item>arrival: the pupils' white at no more than the idle level, until the arrival time is up (never a jump brighter at the door);</item>
/// <item>session: the pupils' own level and white;</item>
/// <item>transition out (from the first warning): halfway back to the idle scene;</item>
/// <item>idle: the room's policy, reached with the session's slowest fade.</item>
/// </list>
/// Every scene fades at least the policy's floor and the profile's slowest fade.
/// </summary>
public static class SensoryScenes
{
    public static SensoryProfile Conservative(IEnumerable<SensoryProfile> profiles, ScenePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(policy);
        var all = profiles.ToList();
        if (all.Count == 0)
        {
            var idle = policy.Idle;
            return new SensoryProfile { BrightnessPercent = idle.BrightnessPercent, ColourTemperatureKelvin = idle.ColourTemperatureKelvin, MinFadeSeconds = idle.FadeSeconds, Chime = false };
        }

        return new SensoryProfile
        {
            BrightnessPercent = all.Min(p => Math.Clamp(p.BrightnessPercent, 0, 100)),
            ColourTemperatureKelvin = all.Min(p => Kelvin(p.ColourTemperatureKelvin)),
            MinFadeSeconds = all.Max(p => p.MinFadeSeconds),
            // The first pupil's timer style; a chime only when nobody in the group needs silence.
            TimerStyle = all[0].TimerStyle,
            Chime = all.TrueForAll(p => p.Chime),
        };
    }

    public static LightScene For(SceneStage stage, SensoryProfile profile, ScenePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(policy);
        var idle = policy.Idle;
        var level = Math.Clamp(profile.BrightnessPercent, 0, 100);
        var kelvin = Kelvin(profile.ColourTemperatureKelvin);
        var fade = Fade(profile, policy);
        return stage switch
        {
            SceneStage.Arrival => new LightScene(true, Math.Min(level, idle.BrightnessPercent), kelvin, fade),
            SceneStage.TransitionOut => new LightScene(true, Midway(level, idle.BrightnessPercent), Midway(kelvin, idle.ColourTemperatureKelvin), fade),
            _ => new LightScene(true, level, kelvin, fade),
        };
    }

    /// <summary>The idle scene, reached from a session with that session's slowest fade.</summary>
    public static LightScene IdleAfter(SensoryProfile? profile, ScenePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var idle = policy.Idle;
        return profile is null ? idle : idle with { FadeSeconds = Fade(profile, policy) };
    }

    /// <summary>The stage a session is in at an instant.</summary>
    public static SceneStage StageAt(RunningSession session, TimerPhase phase, DateTimeOffset now, ScenePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(policy);
        if (phase != TimerPhase.Running) return SceneStage.TransitionOut;
        return now - session.StartedAt < policy.Arrival ? SceneStage.Arrival : SceneStage.Session;
    }

    private static int Fade(SensoryProfile profile, ScenePolicy policy) => Math.Max(policy.FadeFloorSeconds, profile.MinFadeSeconds);

    private static int Kelvin(int kelvin) => Math.Clamp(kelvin, LightScene.WarmestKelvin, LightScene.CoolestKelvin);

    private static int Midway(int from, int to) => from + ((to - from) / 2);
}
