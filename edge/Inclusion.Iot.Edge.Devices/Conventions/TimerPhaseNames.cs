using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Devices.Conventions;

/// <summary>Timer phases as our payloads write them (snake_case).</summary>
public static class TimerPhaseNames
{
    public static string Of(TimerPhase phase) => phase switch
    {
        TimerPhase.Running => "running",
        TimerPhase.FiveMinuteWarning => "five_minute_warning",
        TimerPhase.OneMinuteWarning => "one_minute_warning",
        TimerPhase.Ended => "ended",
        _ => "overrun",
    };
}
