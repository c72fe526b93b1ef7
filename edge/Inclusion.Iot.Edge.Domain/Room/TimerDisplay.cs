namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>What the visual timer shows: a countdown in a phase and style, or nothing.</summary>
public sealed record TimerDisplay(bool Countdown, int? RemainingSeconds, int? TotalSeconds, TimerPhase? Phase, string? Style, bool? Chime)
{
    public static readonly TimerDisplay Off = new(false, null, null, null, null, null);
}
