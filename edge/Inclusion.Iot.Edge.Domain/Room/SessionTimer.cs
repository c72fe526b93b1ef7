using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>
/// The one timer model every display shows (the LED ring, the digits, the MQTT display, the panel): the phase by time
/// left against the policy's thresholds, and the countdown.
/// </summary>
public static class SessionTimer
{
    public static TimerPhase PhaseAt(RunningSession session, DateTimeOffset now, TimerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(policy);
        var remaining = session.Remaining(now);
        if (remaining > policy.FirstWarning) return TimerPhase.Running;
        if (remaining > policy.FinalWarning) return TimerPhase.FiveMinuteWarning;
        if (remaining > TimeSpan.Zero) return TimerPhase.OneMinuteWarning;
        if (remaining > -policy.Ended) return TimerPhase.Ended;
        return TimerPhase.Overrun;
    }

    public static TimerDisplay Display(RunningSession session, DateTimeOffset now, TimerPolicy policy, ScenePolicy scenes)
    {
        ArgumentNullException.ThrowIfNull(session);
        var profile = session.Profile(scenes);
        return new TimerDisplay(true, session.RemainingSeconds(now), session.PlannedMinutes * 60, PhaseAt(session, now, policy), profile.TimerStyle, profile.Chime);
    }

    /// <summary>Seconds the session ran past its planned end (0 if it did not).</summary>
    public static int OverrunSeconds(RunningSession session, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        return (int)Math.Max(0, Math.Floor((now - session.PlannedEnd).TotalSeconds));
    }
}
