namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Phases of the visual timer, by time left.</summary>
public enum TimerPhase
{
    Running,
    FiveMinuteWarning,
    OneMinuteWarning,
    Ended,
    Overrun,
}
