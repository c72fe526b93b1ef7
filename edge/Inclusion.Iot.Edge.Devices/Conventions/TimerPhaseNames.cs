using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Devices.Conventions;

/// <summary>Timer phases as our payloads write them (snake_case).</summary>
public static class TimerPhaseNames
{
    public static string Of(TimerPhase phase) => WireNames.Snake(phase);
}
